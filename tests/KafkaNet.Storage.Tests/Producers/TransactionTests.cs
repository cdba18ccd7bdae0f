using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Producers;

public class TransactionTests
{
    private const long P1 = 7;
    private const long P2 = 8;

    private static List<AbortedTransaction> Aborted(PartitionLog log, long start, long upper)
    {
        var into = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(start, upper, into);
        return into;
    }

    [Fact]
    public async Task Open_transaction_holds_the_last_stable_offset_at_its_first_offset_until_commit()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 3, transactional: true), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
        await log.AppendAsLeaderAsync(Make(P1, 0, 3, records: 1, transactional: true), 0);

        Assert.Equal(2, log.LastStableOffset);
        Assert.Equal(2, Assert.Single(log.ActiveProducers()).CurrentTxnStartOffset);

        LogAppendInfo marker = await log.AppendEndTxnMarkerAsync(P1, 0, coordinatorEpoch: 1, commit: true, leaderEpoch: 0);

        Assert.Equal(8, marker.FirstOffset);
        Assert.Equal(9, log.LogEndOffset);
        Assert.Equal(9, log.LastStableOffset);
        Assert.Empty(Aborted(log, 0, 9));
        ProducerStateInfo state = Assert.Single(log.ActiveProducers());
        Assert.Equal((-1L, 1), (state.CurrentTxnStartOffset, state.CoordinatorEpoch));
    }

    [Fact]
    public async Task Marker_is_a_control_batch_with_kafkas_key_and_value()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 3, 0, transactional: true), 0);
        await log.AppendEndTxnMarkerAsync(P1, 3, coordinatorEpoch: 17, commit: false, leaderEpoch: 2);

        using LogReadResult read = log.Read(1, 1 << 20);
        byte[] bytes = read.Region!.ToArray();
        RecordBatchHeader header = Assert.Single(TestBatches.Headers(bytes));
        Assert.True(header.IsControl);
        Assert.True(header.IsTransactional);
        Assert.Equal((P1, (short)3, -1, 1, 2), (header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.RecordCount, header.PartitionLeaderEpoch));
        Assert.True(ControlRecordReader.TryReadEndTxnMarker(bytes, out ControlRecordType type, out int coordinatorEpoch));
        Assert.Equal((ControlRecordType.Abort, 17), (type, coordinatorEpoch));
    }

    [Fact]
    public async Task Abort_adds_an_index_entry_ending_at_the_marker()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 2, transactional: true), 0);
        await log.AppendAsLeaderAsync(Make(P1, 0, 2, records: 2, transactional: true), 0);

        LogAppendInfo marker = await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);

        Assert.Equal(new AbortedTransaction(P1, 0, 4, 5), Assert.Single(Aborted(log, 0, 5)));
        Assert.Equal(4, marker.FirstOffset);
        Assert.Equal(5, log.LastStableOffset);
        // A fetch that starts inside the aborted transaction still learns of it; one after its marker does not.
        Assert.Single(Aborted(log, 3, 5));
        Assert.Empty(Aborted(log, 5, 5));
        Assert.True(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), 0)));
    }

    [Fact]
    public async Task Interleaved_transactions_of_two_producers_move_the_last_stable_offset_in_turn()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, transactional: true), 0);      // 0
        await log.AppendAsLeaderAsync(Make(P2, 0, 0, transactional: true), 0);      // 1
        await log.AppendAsLeaderAsync(Make(P1, 0, 1, transactional: true), 0);      // 2
        Assert.Equal(0, log.LastStableOffset);

        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0); // 3
        Assert.Equal(1, log.LastStableOffset);
        Assert.Equal(new AbortedTransaction(P1, 0, 3, 1), Assert.Single(Aborted(log, 0, 10)));

        await log.AppendAsLeaderAsync(Make(P1, 0, 2, transactional: true), 0);      // 4: a new transaction of P1
        await log.AppendAsLeaderAsync(Make(P2, 0, 1, transactional: true), 0);      // 5
        await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: true, leaderEpoch: 0);  // 6
        Assert.Equal(4, log.LastStableOffset);

        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0); // 7
        Assert.Equal(8, log.LastStableOffset);
        Assert.Equal([new AbortedTransaction(P1, 0, 3, 1), new AbortedTransaction(P1, 4, 7, 8)], Aborted(log, 0, 8));
        Assert.Equal([new AbortedTransaction(P1, 4, 7, 8)], Aborted(log, 4, 8));
        Assert.Equal([new AbortedTransaction(P1, 0, 3, 1)], Aborted(log, 0, 4));
    }

    [Fact]
    public async Task Marker_for_a_producer_with_nothing_open_is_written_without_index_entry()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(1), 0);

        LogAppendInfo marker = await log.AppendEndTxnMarkerAsync(P1, 2, 5, commit: false, leaderEpoch: 0);
        LogAppendInfo again = await log.AppendEndTxnMarkerAsync(P1, 2, 5, commit: false, leaderEpoch: 0);

        Assert.Equal((1L, 2L), (marker.FirstOffset, again.FirstOffset));
        Assert.Equal(3, log.LastStableOffset);
        Assert.Empty(Aborted(log, 0, 3));
        ProducerStateInfo state = Assert.Single(log.ActiveProducers());
        Assert.Equal(((short)2, 5), (state.ProducerEpoch, state.CoordinatorEpoch));
    }

    [Fact]
    public async Task Marker_from_an_older_coordinator_epoch_is_fenced()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, transactional: true), 0);
        await log.AppendEndTxnMarkerAsync(P1, 0, coordinatorEpoch: 4, commit: true, leaderEpoch: 0);
        await log.AppendAsLeaderAsync(Make(P1, 0, 1, transactional: true), 0);

        var error = await Assert.ThrowsAsync<ProducerAppendException>(() => log.AppendEndTxnMarkerAsync(P1, 0, coordinatorEpoch: 3, commit: false, leaderEpoch: 0));

        Assert.Equal(ProducerAppendError.TransactionCoordinatorFenced, error.Error);
        Assert.Equal(3, log.LogEndOffset);
        Assert.Equal(2, log.LastStableOffset);
    }

    [Fact]
    public async Task Marker_with_an_older_producer_epoch_is_refused()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 5, 0, transactional: true), 0);

        var error = await Assert.ThrowsAsync<ProducerAppendException>(() => log.AppendEndTxnMarkerAsync(P1, 4, 0, commit: true, leaderEpoch: 0));

        Assert.Equal(ProducerAppendError.InvalidProducerEpoch, error.Error);
        Assert.Equal(1, log.LogEndOffset);
        // A marker with a newer epoch (a coordinator that bumped it) ends the transaction.
        await log.AppendEndTxnMarkerAsync(P1, 6, 0, commit: false, leaderEpoch: 0);
        Assert.Equal(2, log.LastStableOffset);
        Assert.Equal(6, Assert.Single(log.ActiveProducers()).ProducerEpoch);
    }

    [Fact]
    public async Task Transactional_batch_from_an_epoch_older_than_the_open_transaction_is_fenced()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 1, 0, transactional: true), 0);

        var error = await Assert.ThrowsAsync<ProducerAppendException>(() => log.AppendAsLeaderAsync(Make(P1, 0, 1, transactional: true), 0));

        Assert.Equal(ProducerAppendError.InvalidProducerEpoch, error.Error);
        Assert.Equal(1, log.LogEndOffset);
    }

    [Fact]
    public async Task Non_transactional_batch_while_the_producers_transaction_is_open_is_invalid_txn_state()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, transactional: true), 0);

        var error = await Assert.ThrowsAsync<ProducerAppendException>(() => log.AppendAsLeaderAsync(Make(P1, 0, 1), 0));

        Assert.Equal(ProducerAppendError.InvalidTxnState, error.Error);
        Assert.Equal(1, log.LogEndOffset);
    }

    [Fact]
    public async Task Aborted_transactions_spanning_segment_rolls_are_indexed_in_the_segment_of_their_marker()
    {
        using var dir = new TempDir();
        byte[] sample = Make(P1, 0, 0, records: 4, transactional: true);
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = sample.Length * 2 });
        int seq1 = 0;
        int seq2 = 0;
        for (int i = 0; i < 3; i++)
        {
            await log.AppendAsLeaderAsync(Make(P1, 0, seq1, records: 4, transactional: true), 0);
            await log.AppendAsLeaderAsync(Make(P2, 0, seq2, records: 4, transactional: true), 0);
            seq1 += 4;
            seq2 += 4;
        }

        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);  // 24
        await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: true, leaderEpoch: 0);   // 25
        await log.AppendAsLeaderAsync(Make(P2, 0, seq2, records: 4, transactional: true), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(4), 0);
        await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: false, leaderEpoch: 0);  // 34

        Assert.True(log.Segments.Count >= 4);
        long markerSegment = log.Segments.Last(s => s.BaseOffset <= 24).BaseOffset;
        Assert.True(markerSegment > 0);
        Assert.True(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), markerSegment)));
        Assert.False(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), 0)));
        // P2's transaction from offset 4 was still open when P1 aborted: that was the last stable offset then.
        var first = new AbortedTransaction(P1, 0, 24, 4);
        var second = new AbortedTransaction(P2, 26, 34, 35);
        Assert.Equal([first, second], Aborted(log, 0, 35));
        Assert.Equal([first], Aborted(log, 0, 26));
        Assert.Equal([first], Aborted(log, 12, 20));
        Assert.Equal([second], Aborted(log, 25, 35));
        Assert.Equal(35, log.LastStableOffset);
    }

    [Fact]
    public async Task Last_stable_offset_is_never_below_the_log_start()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 2, transactional: true), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);
        Assert.Equal(0, log.LastStableOffset);

        log.DeleteRecordsBefore(3);

        Assert.Equal(3, log.LastStableOffset);
        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);
        Assert.Equal(6, log.LastStableOffset);
    }
}
