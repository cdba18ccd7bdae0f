using System.Buffers.Binary;

namespace KafkaNet.Storage.Tests;

public class SegmentRollTests
{
    [Fact]
    public async Task Segment_files_are_named_by_twenty_digit_base_offset_in_topic_partition_dir()
    {
        using var dir = new TempDir();
        using (var log = PartitionLog.Open(dir.Partition("orders", 3), new LogConfig()))
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(5), 0);
        }

        string[] files = Directory.GetFiles(dir.Partition("orders", 3)).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Contains("00000000000000000000.log", files);
        Assert.Contains("00000000000000000000.index", files);
        Assert.Contains("00000000000000000000.timeindex", files);
        Assert.Contains("leader-epoch-checkpoint", files);
    }

    [Fact]
    public async Task Log_rolls_when_segment_bytes_would_be_exceeded()
    {
        using var dir = new TempDir();
        byte[] batch = TestBatches.Make(10, valueSize: 100);
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = batch.Length * 3 });
        for (int i = 0; i < 7; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(10, valueSize: 100), 0);
        }

        Assert.Equal([0L, 30, 60], log.Segments.Select(s => s.BaseOffset));
        Assert.True(File.Exists(Path.Combine(dir.Partition(), "00000000000000000030.log")));
        Assert.Equal(70, log.LogEndOffset);
        Assert.Equal(70, TestBatches.ReadAll(log).Sum(h => h.RecordCount));
    }

    [Fact]
    public async Task Log_rolls_when_first_batch_is_older_than_segment_ms()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentMs = 60_000 }, time: time);
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: time.NowMs), 0);
        time.Advance(TimeSpan.FromSeconds(30));
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: time.NowMs), 0);
        Assert.Single(log.Segments);
        time.Advance(TimeSpan.FromSeconds(31));
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: time.NowMs), 0);
        Assert.Equal([0L, 2], log.Segments.Select(s => s.BaseOffset));
    }

    [Fact]
    public async Task Log_rolls_when_offset_index_is_full()
    {
        using var dir = new TempDir();
        var config = new LogConfig { SegmentIndexBytes = 4 * OffsetIndex.EntryBytes, IndexIntervalBytes = 1 };
        using var log = PartitionLog.Open(dir.Partition(), config);
        for (int i = 0; i < 12; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(1), 0);
        }

        Assert.True(log.Segments.Count >= 2);
        Assert.Equal(12, TestBatches.ReadAll(log).Count);
    }

    [Fact]
    public async Task A_topic_config_applied_after_the_log_opened_sets_the_active_segments_index_interval()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        log.UpdateConfig(new LogConfig { IndexIntervalBytes = 1 });
        for (int i = 0; i < 3; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(1), 0);
        }

        // Every batch but the first passes the one-byte interval; with the default 4096 there would be none.
        Assert.Equal(2, log.Segments[^1].OffsetIndex.Entries);
    }

    [Fact]
    public async Task Offset_index_gets_an_entry_every_index_interval_bytes_in_kafka_format()
    {
        using var dir = new TempDir();
        byte[] sample = TestBatches.Make(4, valueSize: 1000);
        var config = new LogConfig { IndexIntervalBytes = 4096, SegmentBytes = sample.Length * 20 };
        using (var log = PartitionLog.Open(dir.Partition(), config))
        {
            for (int i = 0; i < 30; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(4, valueSize: 1000), 0);
            }
        }

        // Sealed segment: trimmed to its entries; each is int32 relative offset then int32 position, big-endian.
        byte[] index = File.ReadAllBytes(Path.Combine(dir.Partition(), "00000000000000000000.index"));
        Assert.True(index.Length > 0);
        Assert.Equal(0, index.Length % 8);
        int entries = index.Length / 8;
        int batchesPerEntry = (4096 / sample.Length) + 1;
        Assert.Equal((20 - 1) / batchesPerEntry, entries);
        for (int i = 0; i < entries; i++)
        {
            int relativeOffset = BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i * 8));
            int position = BinaryPrimitives.ReadInt32BigEndian(index.AsSpan((i * 8) + 4));
            int batchNumber = position / sample.Length;
            Assert.Equal(0, position % sample.Length);
            Assert.Equal((batchNumber * 4) + 3, relativeOffset); // the last offset of the batch at that position
        }
    }

    [Fact]
    public async Task Rolled_segment_indexes_are_trimmed_and_time_index_holds_its_max_timestamp()
    {
        using var dir = new TempDir();
        byte[] sample = TestBatches.Make(1, valueSize: 100);
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = sample.Length * 2 });
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: 5_000, valueSize: 100), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: 7_000, valueSize: 100), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: 9_000, valueSize: 100), 0);

        Assert.Equal(0, new FileInfo(Path.Combine(dir.Partition(), "00000000000000000000.index")).Length);
        byte[] timeIndex = File.ReadAllBytes(Path.Combine(dir.Partition(), "00000000000000000000.timeindex"));
        Assert.Equal(12, timeIndex.Length);
        Assert.Equal(7_000, BinaryPrimitives.ReadInt64BigEndian(timeIndex));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(timeIndex.AsSpan(8)));
        Assert.Equal(10 * 1024 * 1024, new FileInfo(Path.Combine(dir.Partition(), "00000000000000000002.index")).Length);
    }
}
