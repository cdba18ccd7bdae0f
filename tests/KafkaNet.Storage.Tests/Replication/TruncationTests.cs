using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Replication;

public class TruncationTests
{
    private const long Pid = 5000;

    // Small segments and a dense index, so truncation crosses segments and index entries.
    private static readonly LogConfig Small = new() { SegmentBytes = 1024, IndexIntervalBytes = 100 };

    private static async Task<PartitionLog> FilledLog(TempDir dir, int batches, LogConfig? config = null)
    {
        PartitionLog log = PartitionLog.Open(dir.Partition(), config ?? Small);
        for (int i = 0; i < batches; i++)
        {
            await log.AppendAsFollowerAsync(FollowerBatches.At(i * 2L, 1 + (i / 10), records: 2));
        }

        return log;
    }

    [Fact]
    public async Task Truncation_across_segments_cuts_the_log_indexes_and_epochs_then_appends_continue()
    {
        using var dir = new TempDir();
        using PartitionLog log = await FilledLog(dir, 40);
        int segmentsBefore = log.Segments.Count;
        log.UpdateHighWatermark(70);

        log.TruncateTo(31);

        // The batch holding 31 (30-31) goes whole.
        Assert.Equal(30, log.LogEndOffset);
        Assert.True(log.Segments.Count < segmentsBefore);
        Assert.Equal(30, log.HighWatermark);
        Assert.True(log.RecoveryPoint <= 30);
        Assert.Equal([(1, 0L), (2, 20L)], log.LeaderEpochs.Entries);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => i * 2L), TestBatches.ReadAll(log).Select(b => b.BaseOffset));
        LogSegment active = log.Segments[^1];
        for (int i = 0; i < active.OffsetIndex.Entries; i++)
        {
            Assert.True(active.OffsetIndex.EntryAt(i).Offset < 30);
        }

        Assert.True(active.TimeIndex.Entries == 0 || active.TimeIndex.LastEntry.Offset < 30);
        Assert.Equal((-1, -1L), log.EndOffsetForEpoch(4));
        await Assert.ThrowsAsync<OffsetsOutOfOrderException>(() => log.AppendAsFollowerAsync(FollowerBatches.At(32, 5)));

        await log.AppendAsFollowerAsync(FollowerBatches.At(30, 5, records: 3, keyPrefix: "new"));
        await log.AppendAsLeaderAsync(TestBatches.Make(1), 5);

        Assert.Equal(34, log.LogEndOffset);
        Assert.Equal((2, 30L), log.EndOffsetForEpoch(3));
        Assert.Equal((5, 34L), log.EndOffsetForEpoch(5));
        Assert.Equal("new0", TestBatches.ReadRecords(log).Single(r => r.Offset == 30).Key);
    }

    [Fact]
    public async Task Truncated_log_reopens_with_rebuilt_indexes_and_the_cut_epoch_checkpoint()
    {
        using var dir = new TempDir();
        using (PartitionLog log = await FilledLog(dir, 40))
        {
            log.TruncateTo(50);
            await log.AppendAsFollowerAsync(FollowerBatches.At(50, 7, records: 2));
        }

        var epochs = new LeaderEpochCache(Path.Combine(dir.Partition(), LogFileNames.LeaderEpochCheckpointFile));
        Assert.Equal([(1, 0L), (2, 20L), (3, 40L), (7, 50L)], epochs.Entries);
        using PartitionLog reopened = PartitionLog.Open(dir.Partition(), Small);
        Assert.Empty(reopened.RecoveryReport);
        Assert.Equal(52, reopened.LogEndOffset);
        Assert.Equal(26, TestBatches.ReadAll(reopened).Count);
        Assert.Equal(new TimestampOffset(1_000, 0), reopened.FetchOffsetByTimestamp(0));
    }

    [Fact]
    public async Task Truncation_at_or_past_the_end_changes_nothing()
    {
        using var dir = new TempDir();
        using PartitionLog log = await FilledLog(dir, 5);
        long size = log.Size;

        log.TruncateTo(10);
        log.TruncateTo(100);

        Assert.Equal((10L, size), (log.LogEndOffset, log.Size));
    }

    [Fact]
    public async Task Truncation_at_the_end_drops_an_epoch_started_there_without_records()
    {
        using var dir = new TempDir();
        using PartitionLog log = await FilledLog(dir, 5);
        int written = log.LeaderEpochs.LatestEpoch;
        // Led briefly at epoch 9 without writing, then told by the new leader where its own epochs end.
        log.AssignEpochStartOffset(9);
        Assert.Equal(9, log.LeaderEpochs.LatestEpoch);

        log.TruncateTo(log.LogEndOffset);

        Assert.Equal(written, log.LeaderEpochs.LatestEpoch);
        Assert.Equal(10L, log.LogEndOffset);
    }

    [Fact]
    public async Task Truncation_rebuilds_producer_state_and_aborted_index_for_what_remains()
    {
        using var dir = new TempDir();
        using PartitionLog leader = PartitionLog.Open(dir.Partition("leader"), Small);
        await leader.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2), 1);
        await leader.AppendAsLeaderAsync(Make(Pid, 0, 2, records: 2, transactional: true), 1);
        await leader.AppendEndTxnMarkerAsync(Pid, 0, 1, commit: false, 1);
        await leader.AppendAsLeaderAsync(Make(Pid, 0, 4, records: 2), 1);
        using PartitionLog log = PartitionLog.Open(dir.Partition(), Small);
        await log.AppendAsFollowerAsync(FollowerBatches.Fetch(leader, 0));

        log.TruncateTo(4);

        // Back to the open transaction from offset 2: its marker and the batch after it are gone.
        Assert.Equal(2, log.LastStableOffset);
        var aborted = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(0, long.MaxValue, aborted);
        Assert.Empty(aborted);
        ProducerStateInfo producer = Assert.Single(log.ActiveProducers());
        Assert.Equal((3, 2L), (producer.LastSequence, producer.CurrentTxnStartOffset));

        // As leader again the producer continues after sequence 3.
        await log.AppendEndTxnMarkerAsync(Pid, 0, 2, commit: true, 2);
        LogAppendInfo next = await log.AppendAsLeaderAsync(Make(Pid, 0, 4), 2);
        Assert.Equal(5, next.FirstOffset);
        Assert.Equal(6, log.LastStableOffset);
    }

    [Fact]
    public async Task Truncate_fully_restarts_the_log_empty_at_the_given_offset()
    {
        using var dir = new TempDir();
        using (PartitionLog log = await FilledLog(dir, 20))
        {
            await log.AppendAsFollowerAsync(FollowerBatches.Placed(Make(Pid, 0, 0), 40, 2));
            log.TruncateFullyAndStartAt(500);

            Assert.Equal((500L, 500L, 500L), (log.LogStartOffset, log.LogEndOffset, log.HighWatermark));
            Assert.Single(log.Segments);
            Assert.Empty(log.LeaderEpochs.Entries);
            Assert.Empty(log.ActiveProducers());
            await log.AppendAsFollowerAsync(FollowerBatches.At(500, 9, records: 2));
        }

        using PartitionLog reopened = PartitionLog.Open(dir.Partition(), Small, logStartOffset: 500);
        Assert.Equal((500L, 502L), (reopened.LogStartOffset, reopened.LogEndOffset));
        Assert.Equal([(9, 500L)], reopened.LeaderEpochs.Entries);
        Assert.Empty(reopened.ActiveProducers());
        Assert.Single(Directory.GetFiles(dir.Partition(), "*.log"));
    }

    [Fact]
    public async Task Truncation_below_the_first_segment_restarts_the_log_there()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), Small);
        log.TruncateFullyAndStartAt(100);
        await log.AppendAsFollowerAsync(FollowerBatches.At(100, 1, records: 5));

        log.TruncateTo(40);

        Assert.Equal((40L, 40L), (log.LogStartOffset, log.LogEndOffset));
    }

    [Fact]
    public async Task Durable_follower_append_after_truncation_waits_for_its_own_fsync()
    {
        using var dir = new TempDir();
        using PartitionLog log = await FilledLog(dir, 10, Small with { Durable = true });
        log.TruncateTo(6);
        long flushes = log.FlushCount;

        await log.AppendAsFollowerAsync(FollowerBatches.At(6, 2, records: 4));

        Assert.True(log.FlushCount > flushes);
        Assert.Equal(10, log.RecoveryPoint);
    }

    [Fact]
    public async Task Log_manager_truncations_checkpoint_the_new_recovery_point_and_log_start_at_once()
    {
        using var dir = new TempDir();
        var tp = new TopicPartition("t", 0);
        using LogManager manager = LogManager.Open(dir.Path, _ => Small);
        PartitionLog log = manager.GetOrCreateLog(tp);
        for (int i = 0; i < 10; i++)
        {
            await log.AppendAsFollowerAsync(FollowerBatches.At(i * 2L, 1, records: 2));
        }

        log.Flush();
        manager.Checkpoint();

        manager.TruncateTo(tp, 8);
        Assert.Equal(8, OffsetCheckpointFile.Read(Path.Combine(dir.Path, LogFileNames.RecoveryPointCheckpointFile))[tp]);

        manager.TruncateFullyAndStartAt(tp, 300);
        Assert.Equal(300, OffsetCheckpointFile.Read(Path.Combine(dir.Path, LogFileNames.LogStartOffsetCheckpointFile))[tp]);
        Assert.Equal(300, OffsetCheckpointFile.Read(Path.Combine(dir.Path, LogFileNames.ReplicationOffsetCheckpointFile))[tp]);
    }
}
