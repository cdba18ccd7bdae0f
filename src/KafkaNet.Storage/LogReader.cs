using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>Turns a read by offset into a leased file region of whole batches within one segment.</summary>
internal static class LogReader
{
    /// <summary>
    /// False only when the segment to read was deleted concurrently (the caller retries); true with a null region
    /// when nothing below <paramref name="upper"/> follows <paramref name="startOffset"/>.
    /// </summary>
    public static bool TryRead(LogSegment[] segments, ReadPositionCache positions, long startOffset, int maxBytes, long upper, out FileRegion? region)
    {
        region = null;
        for (int i = Floor(segments, startOffset); i < segments.Length && segments[i].BaseOffset < upper; i++)
        {
            LogSegment segment = segments[i];
            if (!segment.TryAcquire())
            {
                return false;
            }

            region = ReadSegment(segment, positions, startOffset, maxBytes, upper);
            if (region is not null)
            {
                positions.Remember(region);
                return true;
            }

            // The offset lies past this segment's last batch (a gap left by compaction): go on to the next one.
            segment.Release();
        }

        return true;
    }

    // Called with a lease held; the returned region takes it over. Sizes and positions come from one consistent
    // (size, next offset) pair, so a read racing an append sees either all of it or none.
    private static FileRegion? ReadSegment(LogSegment segment, ReadPositionCache positions, long startOffset, int maxBytes, long upper)
    {
        int generation = segment.Generation;
        if (!segment.Ends.TryGetCurrent(out long size, out long segmentNext))
        {
            size = segment.Size;
            segmentNext = long.MaxValue;
        }

        // Start where a previous region or an append ended at this offset; otherwise the index and a header scan.
        int firstLength = -1;
        if (positions.TryFind(segment, generation, startOffset, out long position) || segment.Ends.TryFindPosition(startOffset, out position))
        {
            if (position >= size)
            {
                return null;
            }
        }
        else if (segment.TryFindBatch(startOffset, 0, size, out position, out RecordBatchHeader first))
        {
            if (first.BaseOffset >= upper)
            {
                return null;
            }

            startOffset = first.BaseOffset;
            firstLength = (int)first.TotalSize;
        }
        else
        {
            return null;
        }

        (long end, long offsetAtEnd) = FindEnd(segment, position, size, segmentNext, upper);
        if (end - position > maxBytes)
        {
            long cut = WholeBatchesEnd(segment, position, position + Math.Max(maxBytes, 0), out RecordBatchHeader atCut, out bool read);
            if (cut > position)
            {
                (end, offsetAtEnd) = (cut, read ? atCut.BaseOffset : -1);
            }
            else if (read || firstLength >= 0)
            {
                // Not even the first batch fits: it goes alone.
                (end, offsetAtEnd) = (position + (read ? atCut.TotalSize : firstLength), -1);
            }
            else
            {
                return null;
            }
        }

        return new FileRegion(segment, generation, position, checked((int)(end - position)), startOffset, offsetAtEnd);
    }

    // Where the batches below `upper` end, and the offset a read continuing from there starts at (-1 if unknown).
    private static (long End, long OffsetAtEnd) FindEnd(LogSegment segment, long position, long size, long segmentNext, long upper)
    {
        if (upper >= segmentNext)
        {
            return (size, segmentNext);
        }

        if (segment.Ends.TryFindPosition(upper, out long upperPosition) && upperPosition > position && upperPosition <= size)
        {
            return (upperPosition, upper);
        }

        if (segment.TryFindBatch(upper, position, size, out upperPosition, out RecordBatchHeader straddling))
        {
            return straddling.BaseOffset >= upper ? (upperPosition, straddling.BaseOffset) : (upperPosition + straddling.TotalSize, -1);
        }

        return (size, -1);
    }

    // The last batch boundary at or before `target`, scanning headers from the nearest index entry; `next` is the
    // header of the batch found there when it was read.
    private static long WholeBatchesEnd(LogSegment segment, long start, long target, out RecordBatchHeader next, out bool read)
    {
        Span<byte> buffer = stackalloc byte[RecordBatchHeader.Size];
        long position = Math.Max(start, segment.OffsetIndex.LargestPositionAtMost(target));
        while (true)
        {
            next = default;
            read = segment.ReadHeader(buffer, position) == buffer.Length && RecordBatchHeader.TryRead(buffer, out next);
            if (!read)
            {
                return position;
            }

            if (position + next.TotalSize > target)
            {
                return position;
            }

            position += next.TotalSize;
        }
    }

    /// <summary>Index of the last segment whose base offset is at most <paramref name="offset"/> (0 if none is).</summary>
    public static int Floor(LogSegment[] segments, long offset)
    {
        int low = 0;
        int high = segments.Length - 1;
        int found = 0;
        while (low <= high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (segments[mid].BaseOffset <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }
}
