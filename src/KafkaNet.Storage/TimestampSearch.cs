using System.Buffers;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>
/// ListOffsets by time: the time index narrows the search to a segment position, then records are examined one by
/// one, because a batch's max timestamp says nothing about which of its records reached the target first.
/// </summary>
internal static class TimestampSearch
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    public static TimestampOffset? FirstAtOrAfter(LogSegment[] segments, long timestamp, long logStart, long logEnd)
    {
        foreach (LogSegment segment in segments)
        {
            if (segment.MaxTimestamp < timestamp || !segment.TryAcquire())
            {
                continue;
            }

            try
            {
                TimeIndexEntry before = segment.TimeIndex.LookupBefore(timestamp);
                long startOffset = Math.Max(Math.Max(before.Offset, logStart), segment.BaseOffset);
                long position = segment.OffsetIndex.Lookup(startOffset).Position;
                while (segment.TryFindBatch(startOffset, position, segment.Size, out position, out RecordBatchHeader header) && header.BaseOffset < logEnd)
                {
                    if (header.MaxTimestamp >= timestamp)
                    {
                        TimestampOffset? found = ScanBatch(segment, position, header, logStart, timestamp, matchMax: false);
                        if (found is not null)
                        {
                            return found;
                        }
                    }

                    position += header.TotalSize;
                    startOffset = header.LastOffset + 1;
                }
            }
            finally
            {
                segment.Release();
            }
        }

        return null;
    }

    public static TimestampOffset? MaxTimestamp(LogSegment[] segments, long logStart, long logEnd)
    {
        LogSegment? best = null;
        foreach (LogSegment segment in segments)
        {
            if (segment.MaxTimestamp >= 0 && (best is null || segment.MaxTimestamp > best.MaxTimestamp))
            {
                best = segment;
            }
        }

        if (best is null || !best.TryAcquire())
        {
            return null;
        }

        try
        {
            long offset = Math.Max(best.OffsetOfMaxTimestamp, logStart);
            return best.TryFindBatch(offset, 0, best.Size, out long position, out RecordBatchHeader header) && header.BaseOffset < logEnd
                ? ScanBatch(best, position, header, logStart, header.MaxTimestamp, matchMax: true)
                : null;
        }
        finally
        {
            best.Release();
        }
    }

    // First record at or past logStart whose timestamp is >= target (or == target when matchMax).
    private static TimestampOffset? ScanBatch(LogSegment segment, long position, RecordBatchHeader header, long logStart, long target, bool matchMax)
    {
        int length = (int)header.TotalSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (RandomAccess.Read(segment.Handle, buffer.AsSpan(0, length), position) < length
                || RecordBatch.TryRead(buffer.AsMemory(0, length), out RecordBatch batch) != RecordBatchValidationResult.Ok)
            {
                throw new LogCorruptionException($"Batch at position {position} of {segment.LogPath} cannot be read.");
            }

            using RecordBatchContent content = batch.OpenRecords(MaxDecompressedBytes);
            RecordReader records = content.GetRecords();
            while (records.TryReadNext(out Record record) == RecordReadResult.Record)
            {
                if (record.Offset >= logStart && (matchMax ? record.Timestamp == target : record.Timestamp >= target))
                {
                    return new TimestampOffset(record.Timestamp, record.Offset);
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
