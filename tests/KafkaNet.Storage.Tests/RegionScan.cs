using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

/// <summary>
/// What a read should return, worked out by parsing every segment file from its start without indexes or caches.
/// </summary>
internal static class RegionScan
{
    public static Expected? Expect(PartitionLog log, long start, int maxBytes, long maxOffset = long.MaxValue)
    {
        long upper = Math.Min(maxOffset, log.LogEndOffset);
        if (start >= upper)
        {
            return null;
        }

        IReadOnlyList<LogSegment> segments = log.Segments;
        int floor = 0;
        while (floor + 1 < segments.Count && segments[floor + 1].BaseOffset <= start)
        {
            floor++;
        }

        for (int i = floor; i < segments.Count && segments[i].BaseOffset < upper; i++)
        {
            List<(long Position, RecordBatchHeader Header)> batches = Batches(segments[i]);
            int first = batches.FindIndex(b => b.Header.LastOffset >= start);
            if (first < 0)
            {
                continue;
            }

            if (batches[first].Header.BaseOffset >= upper)
            {
                return null;
            }

            long length = 0;
            for (int j = first; j < batches.Count && batches[j].Header.BaseOffset < upper; j++)
            {
                long size = batches[j].Header.TotalSize;
                if (j > first && length + size > maxBytes)
                {
                    break;
                }

                length += size;
            }

            return new Expected(segments[i].BaseOffset, batches[first].Position, (int)length, batches[first].Header.BaseOffset);
        }

        return null;
    }

    /// <summary>Reads at <paramref name="start"/> and checks the region against <see cref="Expect"/>.</summary>
    public static void AssertReadMatches(PartitionLog log, long start, int maxBytes, long maxOffset = long.MaxValue)
    {
        Expected? expected = Expect(log, start, maxBytes, maxOffset);
        using LogReadResult result = log.Read(start, maxBytes, maxOffset);
        AssertMatches(expected, result.Region, $"start {start}, max bytes {maxBytes}, max offset {maxOffset}");
    }

    public static void AssertMatches(Expected? expected, FileRegion? region, string what)
    {
        if (expected is null)
        {
            Assert.True(region is null, $"{what}: expected no region, got {region?.Length} bytes at {region?.Position}");
            return;
        }

        Assert.True(region is not null, $"{what}: expected a region");
        Assert.Equal(expected, new Expected(region.SegmentBaseOffset, region.Position, region.Length, region.FirstBatchBaseOffset));
        Assert.Equal(expected.FirstBase, TestBatches.Headers(region.ToArray())[0].BaseOffset);
    }

    /// <summary>
    /// Reads from <paramref name="start"/> to the end the way a consumer does, each read starting after the last
    /// batch of the one before, checking every region; returns how many reads it took.
    /// </summary>
    public static int AssertSequentialReadsMatch(PartitionLog log, long start, int maxBytes, long maxOffset = long.MaxValue)
    {
        int reads = 0;
        long offset = start;
        for (int guard = 0; guard < 100_000 && offset < Math.Min(maxOffset, log.LogEndOffset); guard++)
        {
            Expected? expected = Expect(log, offset, maxBytes, maxOffset);
            using LogReadResult result = log.Read(offset, maxBytes, maxOffset);
            AssertMatches(expected, result.Region, $"sequential read at {offset}, max bytes {maxBytes}");
            reads++;
            if (result.Region is null)
            {
                break;
            }

            offset = TestBatches.Headers(result.Region.ToArray())[^1].LastOffset + 1;
        }

        return reads;
    }

    private static List<(long Position, RecordBatchHeader Header)> Batches(LogSegment segment)
    {
        byte[] bytes = new byte[segment.Size];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(segment.Handle, bytes.AsSpan(read), read);
            Assert.True(n > 0, "segment file shorter than its size");
            read += n;
        }

        var batches = new List<(long, RecordBatchHeader)>();
        long position = 0;
        foreach (RecordBatchHeader header in TestBatches.Headers(bytes))
        {
            batches.Add((position, header));
            position += header.TotalSize;
        }

        return batches;
    }

    public sealed record Expected(long SegmentBase, long Position, int Length, long FirstBase);
}
