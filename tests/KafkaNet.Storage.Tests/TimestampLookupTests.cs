using KafkaNet.Protocol.Compression;

namespace KafkaNet.Storage.Tests;

public class TimestampLookupTests
{
    [Fact]
    public async Task Lookup_by_timestamp_finds_the_first_record_not_the_first_batch()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([100, 200, 300]), 0);
        await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([400, 500, 600]), 0);

        Assert.Equal(new TimestampOffset(400, 3), log.FetchOffsetByTimestamp(350));
        Assert.Equal(new TimestampOffset(500, 4), log.FetchOffsetByTimestamp(450));
        Assert.Equal(new TimestampOffset(200, 1), log.FetchOffsetByTimestamp(200));
        Assert.Equal(new TimestampOffset(100, 0), log.FetchOffsetByTimestamp(0));
        Assert.Null(log.FetchOffsetByTimestamp(601));
    }

    [Fact]
    public async Task Lookup_by_timestamp_handles_out_of_order_records_in_compressed_batches()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([500, 100, 700, 300], codec: CompressionCodec.Lz4), 0);
        Assert.Equal(new TimestampOffset(500, 0), log.FetchOffsetByTimestamp(400));
        Assert.Equal(new TimestampOffset(700, 2), log.FetchOffsetByTimestamp(600));
    }

    [Fact]
    public async Task Lookup_by_timestamp_uses_the_time_index_across_many_segments()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(5, valueSize: 100).Length;
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { SegmentBytes = batchSize * 10, IndexIntervalBytes = batchSize });
        for (int i = 0; i < 100; i++)
        {
            long t = 10_000 + (i * 50);
            await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([t, t + 10, t + 20, t + 30, t + 40], valueSize: 100), 0);
        }

        Assert.True(log.Segments.Count >= 9);
        for (int i = 0; i < 100; i += 7)
        {
            long t = 10_000 + (i * 50);
            Assert.Equal(new TimestampOffset(t + 20, (i * 5) + 2), log.FetchOffsetByTimestamp(t + 15));
        }
    }

    [Fact]
    public async Task Max_timestamp_lookup_returns_the_record_holding_it()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        Assert.Null(log.FetchMaxTimestamp());
        await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([100, 900, 300]), 0);
        await log.AppendAsLeaderAsync(TestBatches.WithTimestamps([400, 500]), 0);
        Assert.Equal(new TimestampOffset(900, 1), log.FetchMaxTimestamp());
    }

    [Fact]
    public async Task Earliest_and_latest_are_log_start_and_log_end()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(10), 0);
        log.DeleteRecordsBefore(4);
        Assert.Equal(4, log.LogStartOffset);
        Assert.Equal(10, log.LogEndOffset);
        Assert.Equal(new TimestampOffset(1000, 4), log.FetchOffsetByTimestamp(0));
    }
}
