using System.Buffers.Binary;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Producers;

/// <summary>Producer state across restarts: snapshots, replay after a crash, torn tails, lost index entries.</summary>
public class ProducerRecoveryTests
{
    private const long P1 = 21;
    private const long P2 = 22;

    private static LogConfig Small(int segmentBytes = int.MaxValue) => new() { SegmentBytes = segmentBytes, SegmentIndexBytes = 4096 };

    private static List<AbortedTransaction> Aborted(PartitionLog log)
    {
        var into = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(0, log.LogEndOffset, into);
        return into;
    }

    // P1 writes offsets 0-1 and 2-3 (returned), P2 opens a transaction at 4; the clean close snapshots at 5.
    private static async Task<LogAppendInfo> WriteTwoProducersAndClose(TempDir dir)
    {
        using var log = PartitionLog.Open(dir.Partition(), Small());
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 2), 0);
        LogAppendInfo last = await log.AppendAsLeaderAsync(Make(P1, 0, 2, records: 2), 0);
        await log.AppendAsLeaderAsync(Make(P2, 0, 0, transactional: true), 0);
        return last;
    }

    [Fact]
    public async Task Clean_close_writes_a_snapshot_at_the_log_end_in_kafkas_layout()
    {
        using var dir = new TempDir();
        using (var log = PartitionLog.Open(dir.Partition(), Small()))
        {
            await log.AppendAsLeaderAsync(Make(P1, 2, 0, records: 3, timestamp: 5_000), 0);
            await log.AppendAsLeaderAsync(TestBatches.Make(2), 0);
            await log.AppendAsLeaderAsync(Make(P2, 0, 0, records: 1, transactional: true, timestamp: 6_000), 0);
            await log.AppendEndTxnMarkerAsync(P2, 0, coordinatorEpoch: 9, commit: true, leaderEpoch: 0);
            await log.AppendAsLeaderAsync(Make(P2, 0, 1, records: 2, transactional: true, timestamp: 7_000), 0);
        }

        byte[] bytes = File.ReadAllBytes(LogFileNames.SnapshotFile(dir.Partition(), 9));
        Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(bytes));
        Assert.Equal(Crc32C.Compute(bytes.AsSpan(6)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(6)));
        Assert.Equal(10 + (2 * 46), bytes.Length);
        var entries = new List<(long Pid, short Epoch, int Seq, long Offset, int Delta, long Time, int Coordinator, long Txn)>();
        for (int at = 10; at < bytes.Length; at += 46)
        {
            ReadOnlySpan<byte> e = bytes.AsSpan(at, 46);
            entries.Add((BinaryPrimitives.ReadInt64BigEndian(e), BinaryPrimitives.ReadInt16BigEndian(e[8..]), BinaryPrimitives.ReadInt32BigEndian(e[10..]),
                BinaryPrimitives.ReadInt64BigEndian(e[14..]), BinaryPrimitives.ReadInt32BigEndian(e[22..]), BinaryPrimitives.ReadInt64BigEndian(e[26..]),
                BinaryPrimitives.ReadInt32BigEndian(e[34..]), BinaryPrimitives.ReadInt64BigEndian(e[38..])));
        }

        Assert.Contains((P1, (short)2, 2, 2L, 2, 5_000L, -1, -1L), entries);
        Assert.Contains((P2, (short)0, 2, 8L, 1, 7_000L, 9, 7L), entries);
    }

    [Fact]
    public async Task State_reloads_from_the_snapshot_after_a_clean_close()
    {
        using var dir = new TempDir();
        LogAppendInfo last = await WriteTwoProducersAndClose(dir);

        using var reopened = PartitionLog.Open(dir.Partition(), Small(), recoveryPoint: long.MaxValue);
        LogAppendInfo retry = await reopened.AppendAsLeaderAsync(Make(P1, 0, 2, records: 2), 0);
        Assert.True(retry.Duplicate);
        Assert.Equal(last.FirstOffset, retry.FirstOffset);
        Assert.Equal(4, reopened.LastStableOffset);
        Assert.Equal(2, reopened.ActiveProducers().Count);
    }

    [Fact]
    public async Task Deduplication_and_open_transactions_survive_a_crash_before_any_snapshot()
    {
        using var dir = new TempDir();
        string crashed;
        LogAppendInfo last;
        using (var log = PartitionLog.Open(dir.Partition(), Small()))
        {
            await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 3), 0);
            await log.AppendAsLeaderAsync(Make(P2, 0, 0, transactional: true), 0);
            last = await log.AppendAsLeaderAsync(Make(P1, 0, 3, records: 3), 0);
            crashed = CrashCopy(dir.Partition(), dir.Partition("crashed"));
        }

        Assert.Empty(Directory.GetFiles(crashed, "*.snapshot"));
        using var recovered = PartitionLog.Open(crashed, Small());
        LogAppendInfo retry = await recovered.AppendAsLeaderAsync(Make(P1, 0, 3, records: 3), 0);
        Assert.True(retry.Duplicate);
        Assert.Equal((last.FirstOffset, last.LastOffset), (retry.FirstOffset, retry.LastOffset));
        Assert.Equal(3, recovered.LastStableOffset);
        await recovered.AppendEndTxnMarkerAsync(P2, 0, 0, commit: false, leaderEpoch: 0);
        Assert.Equal(new AbortedTransaction(P2, 3, 7, 8), Assert.Single(Aborted(recovered)));
    }

    [Fact]
    public async Task Crash_after_rolls_loads_the_last_roll_snapshot_and_replays_the_batches_after_it()
    {
        using var dir = new TempDir();
        byte[] sample = Make(P1, 0, 0, records: 2);
        string crashed;
        var appended = new List<LogAppendInfo>();
        using (var log = PartitionLog.Open(dir.Partition(), Small(sample.Length * 3)))
        {
            await log.AppendAsLeaderAsync(Make(P2, 0, 0, records: 2, transactional: true), 0);
            for (int i = 0; i < 10; i++)
            {
                appended.Add(await log.AppendAsLeaderAsync(Make(P1, 0, i * 2, records: 2), 0));
            }

            Assert.True(log.Segments.Count >= 3);
            crashed = CrashCopy(dir.Partition(), dir.Partition("crashed"));
        }

        List<long> snapshots = [.. Directory.GetFiles(crashed, "*.snapshot").Select(f => long.Parse(Path.GetFileName(f)[..20], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.NotEmpty(snapshots);
        Assert.Equal(18, snapshots.Max());
        using var recovered = PartitionLog.Open(crashed, Small(sample.Length * 3));
        // The snapshot at 18 holds the producer's last batch then (7); 8 and 9 are replayed from the log.
        for (int i = 7; i < 10; i++)
        {
            LogAppendInfo retry = await recovered.AppendAsLeaderAsync(Make(P1, 0, i * 2, records: 2), 0);
            Assert.True(retry.Duplicate, $"batch {i}");
            Assert.Equal(appended[i].FirstOffset, retry.FirstOffset);
        }

        // As with Kafka, a snapshot keeps one batch per producer: older retries are out of sequence after a restart.
        var older = await Assert.ThrowsAsync<ProducerAppendException>(() => recovered.AppendAsLeaderAsync(Make(P1, 0, 12, records: 2), 0));
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, older.Error);

        Assert.Equal(0, recovered.LastStableOffset);
        Assert.Equal(22, (await recovered.AppendAsLeaderAsync(Make(P1, 0, 20), 0)).FirstOffset);
    }

    [Fact]
    public async Task Index_entries_lost_with_an_unflushed_tail_are_rebuilt_and_none_is_doubled()
    {
        using var dir = new TempDir();
        string lost;
        string kept;
        using (var log = PartitionLog.Open(dir.Partition(), Small()))
        {
            await log.AppendAsLeaderAsync(Make(P1, 0, 0, transactional: true), 0);
            await log.AppendAsLeaderAsync(Make(P2, 0, 0, transactional: true), 0);
            await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);
            await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: false, leaderEpoch: 0);
            lost = CrashCopy(dir.Partition(), dir.Partition("lost"));
            kept = CrashCopy(dir.Partition(), dir.Partition("kept"));
        }

        string index = LogFileNames.TxnIndexFile(lost, 0);
        Assert.Equal(2 * 34, new FileInfo(index).Length);
        using (var stream = new FileStream(index, FileMode.Open))
        {
            // The second entry never reached the disk, and the first only half.
            stream.SetLength(34 + 17);
        }

        var expected = new[] { new AbortedTransaction(P1, 0, 2, 1), new AbortedTransaction(P2, 1, 3, 4) };
        using (var recovered = PartitionLog.Open(lost, Small()))
        {
            Assert.Equal(expected, Aborted(recovered));
        }

        Assert.Equal(2 * 34, new FileInfo(index).Length);
        using var intact = PartitionLog.Open(kept, Small());
        Assert.Equal(expected, Aborted(intact));
    }

    [Fact]
    public async Task Torn_tail_after_the_snapshot_is_cut_and_its_batch_is_not_taken_as_written()
    {
        using var dir = new TempDir();
        byte[] sample = Make(P1, 0, 0, records: 2);
        string crashed;
        LogAppendInfo last;
        using (var log = PartitionLog.Open(dir.Partition(), Small(sample.Length * 3)))
        {
            for (int i = 0; i < 7; i++)
            {
                await log.AppendAsLeaderAsync(Make(P1, 0, i * 2, records: 2), 0);
            }

            last = await log.AppendAsLeaderAsync(Make(P1, 0, 14, records: 2), 0);
            crashed = CrashCopy(dir.Partition(), dir.Partition("crashed"));
        }

        byte[] torn = Make(P1, 0, 16, records: 2);
        RecordBatchPatch.SetBaseOffset(torn, 16);
        string active = Directory.GetFiles(crashed, "*.log").Order(StringComparer.Ordinal).Last();
        using (var stream = new FileStream(active, FileMode.Append))
        {
            stream.Write(torn, 0, torn.Length - 5);
        }

        using var recovered = PartitionLog.Open(crashed, Small(sample.Length * 3));
        Assert.Single(recovered.RecoveryReport);
        Assert.Equal(16, recovered.LogEndOffset);
        Assert.Equal(last.FirstOffset, (await recovered.AppendAsLeaderAsync(Make(P1, 0, 14, records: 2), 0)).FirstOffset);
        LogAppendInfo resent = await recovered.AppendAsLeaderAsync(Make(P1, 0, 16, records: 2), 0);
        Assert.False(resent.Duplicate);
        Assert.Equal(16, resent.FirstOffset);
    }

    [Fact]
    public async Task Corrupt_snapshot_is_dropped_and_the_state_replayed_from_the_log_start()
    {
        using var dir = new TempDir();
        LogAppendInfo last = await WriteTwoProducersAndClose(dir);

        string snapshot = LogFileNames.SnapshotFile(dir.Partition(), 5);
        byte[] bytes = File.ReadAllBytes(snapshot);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(snapshot, bytes);

        using var reopened = PartitionLog.Open(dir.Partition(), Small(), recoveryPoint: long.MaxValue);
        LogAppendInfo retry = await reopened.AppendAsLeaderAsync(Make(P1, 0, 2, records: 2), 0);
        Assert.True(retry.Duplicate);
        Assert.Equal(last.FirstOffset, retry.FirstOffset);
        Assert.Equal(4, reopened.LastStableOffset);
        Assert.Equal(3, reopened.ActiveProducers().Single(p => p.ProducerId == P1).LastSequence);
        // The replayed state was snapshotted again in place of the corrupt one.
        Assert.NotNull(ProducerSnapshotFile.TryRead(snapshot));
    }

    [Fact]
    public async Task Retention_deletes_a_segments_index_and_the_snapshots_below_the_first_segment()
    {
        using var dir = new TempDir();
        byte[] sample = Make(P1, 0, 0, records: 2, transactional: true);
        using var log = PartitionLog.Open(dir.Partition(), Small(sample.Length * 2));
        await log.AppendAsLeaderAsync(Make(P1, 0, 0, records: 2, transactional: true), 0);
        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);
        for (int i = 0; i < 6; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(2, timestamp: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), 0);
        }

        Assert.True(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), 0)));
        long firstKept = log.Segments[2].BaseOffset;
        log.DeleteRecordsBefore(firstKept);

        Assert.Equal(firstKept, log.Segments[0].BaseOffset);
        Assert.False(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), 0)));
        Assert.Empty(Directory.GetFiles(dir.Partition(), "*.txnindex"));
        // The background flush of a rolled segment may still hold its lease: its .deleted files go when it lets go.
        for (int i = 0; i < 100 && Directory.GetFiles(dir.Partition(), "*.txnindex*").Length > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(Directory.GetFiles(dir.Partition(), "*.txnindex*"));
        Assert.All(Directory.GetFiles(dir.Partition(), "*.snapshot"), f => Assert.True(string.CompareOrdinal(Path.GetFileName(f), LogFileNames.BaseName(firstKept)) >= 0));
        Assert.Empty(Aborted(log));
    }
}
