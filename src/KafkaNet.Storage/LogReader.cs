using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>Turns a read by offset into a leased file region of whole batches within one segment.</summary>
internal static class LogReader
{
    /// <summary>
    /// False only when the segment to read was deleted concurrently (the caller retries); true with a null region
    /// when nothing below <paramref name="upper"/> follows <paramref name="startOffset"/>.
    /// </summary>
    public static bool TryRead(LogSegment[] segments, long startOffset, int maxBytes, long upper, out FileRegion? region)
    {
        region = null;
        for (int i = Floor(segments, startOffset); i < segments.Length && segments[i].BaseOffset < upper; i++)
        {
            LogSegment segment = segments[i];
            if (!segment.TryAcquire())
            {
                return false;
            }

            region = ReadSegment(segment, startOffset, maxBytes, upper);
            if (region is not null)
            {
                return true;
            }

            // The offset lies past this segment's last batch (a gap left by compaction): go on to the next one.
            segment.Release();
        }

        return true;
    }

    // Called with a lease held; the returned region takes it over.
    private static FileRegion? ReadSegment(LogSegment segment, long startOffset, int maxBytes, long upper)
    {
        long size = segment.Size;
        if (!segment.TryFindBatch(startOffset, 0, size, out long position, out RecordBatchHeader first) || first.BaseOffset >= upper)
        {
            return null;
        }

        long end = size;
        if (segment.TryFindBatch(upper, position, size, out long upperPosition, out RecordBatchHeader straddling))
        {
            end = straddling.BaseOffset >= upper ? upperPosition : upperPosition + straddling.TotalSize;
        }

        if (end - position > maxBytes)
        {
            end = WholeBatchesEnd(segment, position, position + Math.Max(maxBytes, 0));
            if (end == position)
            {
                end = position + first.TotalSize;
            }
        }

        return new FileRegion(segment, position, checked((int)(end - position)), first.BaseOffset);
    }

    // The last batch boundary at or before `target`, scanning headers from the nearest index entry.
    private static long WholeBatchesEnd(LogSegment segment, long start, long target)
    {
        Span<byte> buffer = stackalloc byte[RecordBatchHeader.Size];
        long position = Math.Max(start, segment.OffsetIndex.LargestPositionAtMost(target));
        while (RandomAccess.Read(segment.Handle, buffer, position) == buffer.Length
            && RecordBatchHeader.TryRead(buffer, out RecordBatchHeader header)
            && position + header.TotalSize <= target)
        {
            position += header.TotalSize;
        }

        return position;
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
