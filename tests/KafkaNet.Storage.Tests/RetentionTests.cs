namespace KafkaNet.Storage.Tests;

public class RetentionTests
{
    private static readonly int BatchSize = TestBatches.Make(10, valueSize: 100).Length;

    private static async Task<PartitionLog> LogWithSegments(TempDir dir, int batches, LogConfig config, ManualTime? time = null, int timestampStepMs = 0)
    {
        var log = PartitionLog.Open(dir.Partition(), config, time: time);
        for (int i = 0; i < batches; i++)
        {
            long timestamp = (time?.NowMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) + (i * (long)timestampStepMs);
            await log.AppendAsLeaderAsync(TestBatches.Make(10, timestamp: timestamp, valueSize: 100), 0);
        }

        return log;
    }

    [Fact]
    public async Task Retention_bytes_deletes_oldest_segments_and_moves_log_start()
    {
        using var dir = new TempDir();
        var config = new LogConfig { SegmentBytes = BatchSize * 2, RetentionBytes = BatchSize * 4 };
        using PartitionLog log = await LogWithSegments(dir, 10, config);
        Assert.Equal(5, log.Segments.Count);
        Assert.Equal(3, log.DeleteOldSegments());
        Assert.Equal(60, log.LogStartOffset);
        Assert.Equal(60, log.Segments[0].BaseOffset);
        Assert.False(File.Exists(Path.Combine(dir.Partition(), "00000000000000000000.log")));
        Assert.Throws<OffsetOutOfRangeException>(() => log.Read(10, 100));
    }

    [Fact]
    public async Task Retention_ms_deletes_segments_whose_newest_record_is_too_old_but_never_the_active_one()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        var config = new LogConfig { SegmentBytes = BatchSize * 2, RetentionMs = 60_000 };
        using PartitionLog log = await LogWithSegments(dir, 6, config, time, timestampStepMs: 10_000);
        time.Advance(TimeSpan.FromSeconds(100));
        // Newest timestamps per segment: +10s, +30s, +50s; now is +100s.
        Assert.Equal(2, log.DeleteOldSegments());
        Assert.Equal(40, log.LogStartOffset);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, log.DeleteOldSegments());
        Assert.Single(log.Segments);
    }

    [Fact]
    public async Task Segment_with_a_held_lease_is_renamed_deleted_and_removed_only_after_release()
    {
        using var dir = new TempDir();
        var config = new LogConfig { SegmentBytes = BatchSize * 2, RetentionBytes = BatchSize * 2 };
        using PartitionLog log = await LogWithSegments(dir, 6, config);
        LogReadResult held = log.Read(0, 1024 * 1024);
        byte[] before = held.Region!.ToArray();

        log.DeleteOldSegments();
        string deleted = Path.Combine(dir.Partition(), "00000000000000000000.log.deleted");
        Assert.False(File.Exists(Path.Combine(dir.Partition(), "00000000000000000000.log")));
        Assert.True(File.Exists(deleted));
        Assert.Equal(before, held.Region.ToArray());

        held.Dispose();
        // The background flush of a rolled segment may hold a lease too: the files go when the last holder lets go.
        for (int i = 0; i < 100 && Directory.GetFiles(dir.Partition(), "00000000000000000000.*.deleted").Length > 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.False(File.Exists(deleted));
        Assert.False(File.Exists(Path.Combine(dir.Partition(), "00000000000000000000.index.deleted")));
    }

    [Fact]
    public async Task Delete_records_before_moves_log_start_and_drops_segments_wholly_below_it()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithSegments(dir, 6, new LogConfig { SegmentBytes = BatchSize * 2 });
        log.DeleteRecordsBefore(25);
        Assert.Equal(25, log.LogStartOffset);
        Assert.Equal(20, log.Segments[0].BaseOffset);
        Assert.Throws<OffsetOutOfRangeException>(() => log.Read(24, 100));
        using LogReadResult result = log.Read(25, 100);
        Assert.Equal(20, result.Region!.FirstBatchBaseOffset);
        Assert.Throws<OffsetOutOfRangeException>(() => log.DeleteRecordsBefore(61));
    }

    [Fact]
    public async Task Log_start_offset_survives_restart_through_its_checkpoint()
    {
        using var dir = new TempDir();
        using (var manager = LogManager.Open(dir.Path))
        {
            PartitionLog log = manager.GetOrCreateLog(new TopicPartition("t", 0));
            await log.AppendAsLeaderAsync(TestBatches.Make(10), 0);
            log.DeleteRecordsBefore(6);
        }

        Assert.Contains("t 0 6", File.ReadAllLines(Path.Combine(dir.Path, "log-start-offset-checkpoint")));
        using var reopened = LogManager.Open(dir.Path);
        Assert.Equal(6, reopened.Logs[new TopicPartition("t", 0)].LogStartOffset);
    }
}
