using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

public class CompactionTests
{
    private static byte[] Batch(long timestamp, CompressionCodec codec, params (string Key, string? Value)[] records)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        foreach ((string key, string? value) in records)
        {
            builder.Append(timestamp, new NullableBytes(Encoding.UTF8.GetBytes(key)), value is null ? NullableBytes.Null : new NullableBytes(Encoding.UTF8.GetBytes(value)));
        }

        return builder.ToArray();
    }

    private static async Task<PartitionLog> CompactedLog(TempDir dir, ManualTime time, LogConfig? config = null)
    {
        var log = PartitionLog.Open(dir.Partition(), config ?? new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100 }, time: time);
        long t = time.NowMs;
        await log.AppendAsLeaderAsync(Batch(t, CompressionCodec.None, ("a", "1"), ("b", "1")), 0);
        await log.AppendAsLeaderAsync(Batch(t, CompressionCodec.Lz4, ("a", "2"), ("c", "1")), 0);
        await log.AppendAsLeaderAsync(Batch(t, CompressionCodec.None, ("b", null), ("d", "1")), 0);
        await log.AppendAsLeaderAsync(Batch(t, CompressionCodec.None, ("e", "1")), 0);
        return log;
    }

    [Fact]
    public async Task Compaction_keeps_newest_record_per_key_with_offsets_unchanged()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using PartitionLog log = await CompactedLog(dir, time);
        Assert.Equal(4, log.Segments.Count);

        Assert.True(log.Compact() > 0);

        // Offsets 0 and 1 were overwritten by 2 (a) and the tombstone at 4 (b), which stays until delete.retention.ms.
        Assert.Equal([(2L, "a", "2"), (3, "c", "1"), (4, "b", null), (5, "d", "1"), (6, "e", "1")], TestBatches.ReadRecords(log));
        Assert.Equal(7, log.LogEndOffset);
    }

    [Fact]
    public async Task Tombstones_are_removed_once_older_than_delete_retention_ms()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        var config = new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100, DeleteRetentionMs = 60_000 };
        using PartitionLog log = await CompactedLog(dir, time, config);
        time.Advance(TimeSpan.FromMinutes(5));
        log.Compact();
        List<(long Offset, string Key, string? Value)> records = TestBatches.ReadRecords(log);
        Assert.DoesNotContain(records, r => r.Key == "b");
        Assert.Equal([2L, 3, 5, 6], records.Select(r => r.Offset));
    }

    [Fact]
    public async Task Compaction_waits_for_min_compaction_lag_and_dirty_ratio()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using PartitionLog lagged = await CompactedLog(dir, time, new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100, MinCompactionLagMs = 60_000 });
        Assert.Equal(0, lagged.Compact());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(lagged.Compact() > 0);
        Assert.Equal(0, lagged.Compact()); // nothing dirty any more
    }

    [Fact]
    public async Task Max_compaction_lag_forces_compaction_below_the_dirty_ratio()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        // A ratio above 1 is never reached, so only the lag can start compaction.
        var config = new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100, MinCleanableDirtyRatio = 1.01, MaxCompactionLagMs = 60_000 };
        using PartitionLog lagging = await CompactedLog(dir, time, config);
        Assert.Equal(0, lagging.Compact());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(lagging.Compact() > 0);
        Assert.DoesNotContain(TestBatches.ReadRecords(lagging), r => r.Key == "a" && r.Value == "1");
    }

    [Fact]
    public async Task Compacted_log_reopens_after_restart_with_gaps_in_offsets()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using (PartitionLog log = await CompactedLog(dir, time))
        {
            log.Compact();
        }

        using var reopened = PartitionLog.Open(dir.Partition(), new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100 }, time: time);
        Assert.Empty(reopened.RecoveryReport);
        Assert.Equal(7, reopened.LogEndOffset);
        Assert.Equal([2L, 3, 4, 5, 6], TestBatches.ReadRecords(reopened).Select(r => r.Offset));
        using LogReadResult fromGap = reopened.Read(0, 100);
        Assert.Equal(2, fromGap.Region!.FirstBatchBaseOffset);
    }

    [Fact]
    public async Task Swap_file_left_by_a_crash_during_compaction_is_completed_at_startup()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using (PartitionLog log = await CompactedLog(dir, time))
        {
            log.Compact();
        }

        string segment = Path.Combine(dir.Partition(), "00000000000000000002.log");
        File.Move(segment, segment + ".swap");
        File.WriteAllBytes(segment + ".deleted", [1, 2, 3]);

        using var reopened = PartitionLog.Open(dir.Partition(), new LogConfig { CleanupPolicy = "compact", SegmentBytes = 100 }, time: time);
        Assert.Equal([2L, 3, 4, 5, 6], TestBatches.ReadRecords(reopened).Select(r => r.Offset));
        Assert.Empty(Directory.GetFiles(dir.Partition(), "*.swap"));
        Assert.Empty(Directory.GetFiles(dir.Partition(), "*.deleted"));
    }
}
