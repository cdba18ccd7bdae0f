using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

/// <summary>Reads that start from remembered positions return exactly what a scan of the files would.</summary>
public class ReadPositionTests
{
    private static readonly int[] MaxBytesCases = [1, 700, 2_500, 1 << 20];

    private static async Task<PartitionLog> VariedLog(TempDir dir, int batches, LogConfig config, int seed = 7)
    {
        var log = PartitionLog.Open(dir.Partition(), config);
        var random = new Random(seed);
        for (int i = 0; i < batches; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(random.Next(1, 7), valueSize: random.Next(20, 400), keyPrefix: "k" + (i % 5)), 0);
        }

        return log;
    }

    private static void AssertEveryReadMatches(PartitionLog log, long[] maxOffsets)
    {
        foreach (int maxBytes in MaxBytesCases)
        {
            foreach (long maxOffset in maxOffsets)
            {
                // Sequential reads first, so the later reads meet remembered positions of every kind.
                RegionScan.AssertSequentialReadsMatch(log, log.LogStartOffset, maxBytes, maxOffset);
                for (long start = log.LogStartOffset; start < log.LogEndOffset; start++)
                {
                    RegionScan.AssertReadMatches(log, start, maxBytes, maxOffset);
                }
            }
        }
    }

    [Fact]
    public async Task Every_start_offset_and_bound_reads_the_region_a_full_scan_finds()
    {
        using var dir = new TempDir();
        using PartitionLog log = await VariedLog(dir, 60, new LogConfig { SegmentBytes = 3_000, IndexIntervalBytes = 500 });
        Assert.True(log.Segments.Count > 3);
        long end = log.LogEndOffset;
        AssertEveryReadMatches(log, [long.MaxValue, end, end - 1, end / 2, log.Segments[2].BaseOffset]);
    }

    [Fact]
    public async Task Reads_after_compaction_match_a_full_scan_of_the_compacted_files()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        var config = new LogConfig { CleanupPolicy = "compact", SegmentBytes = 2_000, IndexIntervalBytes = 300 };
        using var log = PartitionLog.Open(dir.Partition(), config, time: time);
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            await log.AppendAsLeaderAsync(KeyedBatch(time.NowMs, random, records: random.Next(1, 5)), 0);
        }

        RegionScan.AssertSequentialReadsMatch(log, 0, 1 << 20);
        RegionScan.AssertSequentialReadsMatch(log, 0, 700);
        Assert.True(log.Compact() > 0);
        AssertEveryReadMatches(log, [long.MaxValue, log.LogEndOffset / 2]);
    }

    [Fact]
    public async Task Reads_after_retention_and_delete_records_match_a_full_scan()
    {
        using var dir = new TempDir();
        var config = new LogConfig { SegmentBytes = 3_000, IndexIntervalBytes = 500, RetentionBytes = 9_000, RetentionMs = -1 };
        using PartitionLog log = await VariedLog(dir, 60, config);
        RegionScan.AssertSequentialReadsMatch(log, 0, 2_500);
        Assert.True(log.DeleteOldSegments() > 0);
        AssertEveryReadMatches(log, [long.MaxValue]);

        log.DeleteRecordsBefore(log.Segments[1].BaseOffset + 1);
        AssertEveryReadMatches(log, [long.MaxValue]);
    }

    [Fact]
    public async Task A_segment_cut_and_rewritten_is_not_read_at_positions_remembered_before_the_cut()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(10, valueSize: 50).Length;
        int bigBatch = TestBatches.Make(20, valueSize: 50).Length;
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { IndexIntervalBytes = 1 << 20 });
        for (int i = 0; i < 10; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(10, valueSize: 50), 0);
        }

        LogSegment[] segments = [.. log.Segments];
        LogSegment segment = segments[0];
        var positions = new ReadPositionCache();
        Assert.True(LogReader.TryRead(segments, positions, 0, 3 * batchSize, 100, out FileRegion? first));
        Assert.Equal(3 * batchSize, first!.Length);
        first.Dispose();

        // Cut the segment after offset 19, as a follower truncation would, and append larger batches from 20 on.
        segment.ResetState(20, segment.MaxTimestamp, segment.OffsetOfMaxTimestamp, segment.RollingTimestamp, 0);
        segment.TruncateFileTo(2 * batchSize);
        for (long offset = 20; offset < 80; offset += 20)
        {
            byte[] batch = TestBatches.Make(20, valueSize: 50);
            RecordBatchPatch.SetBaseOffset(batch, offset);
            segment.Append(batch);
        }

        // A reader remembered that offset 30 started at the end of its region; that is no longer so.
        Assert.True(LogReader.TryRead(segments, positions, 30, 1 << 20, 80, out FileRegion? afterCut));
        using (afterCut)
        {
            Assert.Equal(20, afterCut!.FirstBatchBaseOffset);
            Assert.Equal(2 * batchSize, afterCut.Position);
        }

        // The appends before the cut ended at offset 70 somewhere else too.
        Assert.True(LogReader.TryRead(segments, new ReadPositionCache(), 70, 1 << 20, 80, out FileRegion? fresh));
        using (fresh)
        {
            Assert.Equal(60, fresh!.FirstBatchBaseOffset);
            Assert.Equal((2 * batchSize) + (2 * bigBatch), fresh.Position);
        }
    }

    [Fact]
    public async Task A_reader_following_the_log_end_reads_no_batch_headers()
    {
        using var dir = new TempDir();
        using PartitionLog log = await VariedLog(dir, 5, new LogConfig { IndexIntervalBytes = 100 });
        RegionScan.AssertSequentialReadsMatch(log, 0, 1 << 20);
        long next = log.LogEndOffset;
        LogSegment segment = log.Segments[^1];
        long headerReads = segment.HeaderReads;
        for (int i = 0; i < 20; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(3, valueSize: 100), 0);
            using LogReadResult result = log.Read(next, 1 << 20, log.LogEndOffset);
            Assert.Equal(next, result.Region!.FirstBatchBaseOffset);
            next = TestBatches.Headers(result.Region.ToArray())[^1].LastOffset + 1;
        }

        Assert.Equal(log.LogEndOffset, next);
        Assert.Equal(headerReads, segment.HeaderReads);
    }

    [Fact]
    public async Task A_reader_bounded_by_a_lagging_high_watermark_reads_no_batch_headers()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { IndexIntervalBytes = 100 });
        await log.AppendAsLeaderAsync(TestBatches.Make(3, valueSize: 100), 0);
        long next = 0;
        LogSegment segment = log.Segments[0];
        long headerReads = segment.HeaderReads;
        for (int i = 0; i < 20; i++)
        {
            // The watermark is taken before two more appends land, as a fetch racing producers sees it.
            long highWatermark = log.LogEndOffset;
            await log.AppendAsLeaderAsync(TestBatches.Make(2, valueSize: 100), 0);
            await log.AppendAsLeaderAsync(TestBatches.Make(4, valueSize: 100), 0);
            RegionScan.Expected? expected = RegionScan.Expect(log, next, 1 << 20, highWatermark);
            using LogReadResult result = log.Read(next, 1 << 20, highWatermark);
            RegionScan.AssertMatches(expected, result.Region, $"read at {next} below {highWatermark}");
            next = highWatermark;
        }

        Assert.Equal(headerReads, segment.HeaderReads);
    }

    [Fact]
    public async Task A_reader_catching_up_in_size_limited_reads_reads_only_the_headers_at_each_cut()
    {
        using var dir = new TempDir();
        int batchSize = TestBatches.Make(4, valueSize: 100).Length;
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig { IndexIntervalBytes = 1 });
        for (int i = 0; i < 100; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(4, valueSize: 100), 0);
        }

        LogSegment segment = log.Segments[0];
        int maxBytes = (batchSize * 7) / 2;
        long next;
        using (LogReadResult first = log.Read(0, maxBytes))
        {
            Assert.Equal(3 * batchSize, first.Region!.Length);
            next = 12;
        }

        long before = segment.HeaderReads;
        int reads = RegionScan.AssertSequentialReadsMatch(log, next, maxBytes);
        Assert.Equal((97 + 2) / 3, reads);
        // Each read starts where the last ended; only the header where its size limit falls is read.
        Assert.InRange(segment.HeaderReads - before, 1, reads);
    }

    [Fact]
    public async Task Concurrent_readers_see_whole_contiguous_batches_while_appends_and_retention_run()
    {
        using var dir = new TempDir();
        var config = new LogConfig { SegmentBytes = 4_000, IndexIntervalBytes = 300, RetentionBytes = 12_000, RetentionMs = -1 };
        using var log = PartitionLog.Open(dir.Partition(), config);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var writer = Task.Run(async () =>
        {
            var random = new Random(11);
            for (int i = 0; i < 800 && !cts.IsCancellationRequested; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(random.Next(1, 6), valueSize: random.Next(20, 300)), 0);
                if (i % 25 == 0)
                {
                    log.DeleteOldSegments();
                }
            }
        });
        Task<long>[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(() => ReadAlong(log, maxBytes: r == 0 ? 1 << 20 : 900, writer, cts.Token)))];

        await writer;
        long[] batchesRead = await Task.WhenAll(readers);
        Assert.False(cts.IsCancellationRequested, "the run did not finish in time");
        Assert.All(batchesRead, count => Assert.True(count > 0));
    }

    private static long ReadAlong(PartitionLog log, int maxBytes, Task writer, CancellationToken cancel)
    {
        long offset = 0;
        long batches = 0;
        for (int guard = 0; guard < 1_000_000 && !cancel.IsCancellationRequested && (!writer.IsCompleted || offset < log.LogEndOffset); guard++)
        {
            LogReadResult result;
            long start = Math.Max(offset, log.LogStartOffset);
            try
            {
                result = log.Read(start, maxBytes);
            }
            catch (OffsetOutOfRangeException)
            {
                offset = log.LogStartOffset;
                continue;
            }

            using (result)
            {
                if (result.Region is null)
                {
                    // Caught up: leave the cores to the writer.
                    Thread.Sleep(1);
                    continue;
                }

                List<RecordBatchHeader> headers = TestBatches.Headers(result.Region.ToArray());
                Assert.InRange(start, headers[0].BaseOffset, headers[0].LastOffset);
                for (int i = 1; i < headers.Count; i++)
                {
                    Assert.Equal(headers[i - 1].LastOffset + 1, headers[i].BaseOffset);
                }

                Assert.True(headers[^1].LastOffset < result.LogEndOffset);
                batches += headers.Count;
                offset = headers[^1].LastOffset + 1;
            }
        }

        return batches;
    }

    private static byte[] KeyedBatch(long timestamp, Random random, int records)
    {
        using var builder = new RecordBatchBuilder();
        for (int i = 0; i < records; i++)
        {
            byte[] value = new byte[random.Next(10, 200)];
            builder.Append(timestamp, new NullableBytes(Encoding.UTF8.GetBytes("key" + random.Next(0, 8))), new NullableBytes(value));
        }

        return builder.ToArray();
    }
}
