using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

public class ReadTests
{
    private static async Task<PartitionLog> LogWithBatchesOf(TempDir dir, int batches, int recordsPerBatch, LogConfig? config = null)
    {
        var log = PartitionLog.Open(dir.Partition(), config ?? new LogConfig { IndexIntervalBytes = 256 });
        for (int i = 0; i < batches; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(recordsPerBatch, valueSize: 50), 0);
        }

        return log;
    }

    [Fact]
    public async Task Read_from_middle_of_batch_returns_whole_batch()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 20, 10);
        using LogReadResult result = log.Read(57, 1);
        RecordBatchHeader batch = Assert.Single(TestBatches.Headers(result.Region!.ToArray()));
        Assert.Equal(50, batch.BaseOffset);
        Assert.Equal(59, batch.LastOffset);
        Assert.Equal(50, result.Region.FirstBatchBaseOffset);
    }

    [Fact]
    public async Task Read_returns_whole_batches_up_to_max_bytes()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 50, 10);
        int batchSize = TestBatches.Make(10, valueSize: 50).Length;
        using LogReadResult result = log.Read(100, (batchSize * 3) + (batchSize / 2));
        Assert.Equal(batchSize * 3, result.Region!.Length);
        Assert.Equal([100L, 110, 120], TestBatches.Headers(result.Region.ToArray()).Select(h => h.BaseOffset));
    }

    [Fact]
    public async Task Read_returns_one_batch_larger_than_max_bytes()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 3, 10);
        using LogReadResult result = log.Read(0, 10);
        Assert.Single(TestBatches.Headers(result.Region!.ToArray()));
    }

    [Fact]
    public async Task Read_stops_before_the_upper_bound_offset()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 10, 10);
        using LogReadResult result = log.Read(15, 1024 * 1024, maxOffset: 40);
        Assert.Equal([10L, 20, 30], TestBatches.Headers(result.Region!.ToArray()).Select(h => h.BaseOffset));
        using LogReadResult atBound = log.Read(40, 1024 * 1024, maxOffset: 40);
        Assert.Null(atBound.Region);
    }

    [Fact]
    public async Task Read_at_log_end_is_empty_and_past_it_is_out_of_range()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 2, 5);
        using (LogReadResult atEnd = log.Read(10, 1000))
        {
            Assert.Null(atEnd.Region);
            Assert.Equal(10, atEnd.LogEndOffset);
        }

        Assert.Throws<OffsetOutOfRangeException>(() => log.Read(11, 1000));
        Assert.Throws<OffsetOutOfRangeException>(() => log.Read(-1, 1000));
    }

    [Fact]
    public async Task Reads_stay_within_one_segment_and_continue_in_the_next()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(10, valueSize: 50).Length;
        using PartitionLog log = await LogWithBatchesOf(dir, 10, 10, new LogConfig { SegmentBytes = batchSize * 4 });
        using (LogReadResult first = log.Read(0, 1024 * 1024))
        {
            Assert.Equal(4, TestBatches.Headers(first.Region!.ToArray()).Count);
            Assert.Equal(0, first.Region.SegmentBaseOffset);
        }

        using LogReadResult second = log.Read(40, 1024 * 1024);
        Assert.Equal(40, second.Region!.SegmentBaseOffset);
        Assert.Equal(100, TestBatches.ReadAll(log).Sum(h => h.RecordCount));
    }

    [Fact]
    public async Task Every_offset_reads_the_batch_containing_it_across_index_entries()
    {
        using var dir = new TempDir();
        using PartitionLog log = await LogWithBatchesOf(dir, 40, 3);
        for (long offset = 0; offset < 120; offset++)
        {
            using LogReadResult result = log.Read(offset, 1);
            RecordBatchHeader header = Assert.Single(TestBatches.Headers(result.Region!.ToArray()));
            Assert.InRange(offset, header.BaseOffset, header.LastOffset);
        }
    }
}
