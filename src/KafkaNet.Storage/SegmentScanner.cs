using System.Buffers;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Integrity;

namespace KafkaNet.Storage;

/// <summary>
/// Reads a segment file from the start or from an index position, batch by batch, restoring the segment's indexes
/// and appender state. Full recovery checks every batch (CRC, offsets increasing); loading trusts the file.
/// </summary>
internal static class SegmentScanner
{
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>
    /// Validates every batch, rebuilds both indexes and stops at the first bad or torn batch. The caller decides
    /// whether to truncate there (tail of the log) or report corruption (middle of the log).
    /// </summary>
    /// <param name="contiguous">
    /// True for logs never compacted: each batch must start exactly where the previous ended, and its offset range
    /// must hold exactly its records. The base offset is outside the CRC, so this is the only check that catches a
    /// damaged one; a range wider than its records was written by a producer that was not checked, and would let
    /// the log end run ahead of what is stored.
    /// </param>
    /// <param name="epochs">
    /// Known leader epochs: a batch must carry the epoch that led at its offset. The epoch is outside the CRC too.
    /// </param>
    public static SegmentRecoveryResult Recover(LogSegment segment, bool contiguous, LeaderEpochCache? epochs = null)
    {
        segment.OffsetIndex.Reset();
        segment.TimeIndex.Reset();
        segment.ResetState(segment.BaseOffset, -1, segment.BaseOffset, -1, 0);
        long fileSize = RandomAccess.GetLength(segment.Handle);
        long position = 0;
        long chunkStart = 0;
        int chunkLength = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (position < fileSize)
            {
                if (position + RecordBatchHeader.Size > chunkStart + chunkLength)
                {
                    chunkStart = position;
                    chunkLength = ReadChunk(segment, ref buffer, position, fileSize, RecordBatchHeader.Size);
                }

                int at = (int)(position - chunkStart);
                RecordBatchValidationResult result = RecordBatchValidator.Validate(buffer.AsSpan(at, chunkLength - at), out RecordBatchHeader header);
                if (result == RecordBatchValidationResult.Truncated && header.TotalSize <= fileSize - position)
                {
                    chunkStart = position;
                    chunkLength = ReadChunk(segment, ref buffer, position, fileSize, (int)header.TotalSize);
                    at = 0;
                    result = RecordBatchValidator.Validate(buffer.AsSpan(0, chunkLength), out header);
                }

                string? reason = result != RecordBatchValidationResult.Ok
                    ? $"batch at position {position} is {result}"
                    : BatchOffsetRange.Violation(header, compacted: !contiguous) is { } violation
                    ? $"batch at position {position} breaks its offset range: {violation}"
                    : header.BaseOffset < segment.NextOffset || (contiguous && header.BaseOffset != segment.NextOffset)
                        ? $"batch at position {position} has base offset {header.BaseOffset} where {segment.NextOffset} was expected"
                        : HasWrongEpoch(header, epochs)
                            ? $"batch at position {position} has leader epoch {header.PartitionLeaderEpoch}, not the epoch {epochs!.EpochFor(header.BaseOffset)} that led at offset {header.BaseOffset}"
                            : null;
                if (reason is not null)
                {
                    return new SegmentRecoveryResult(segment.BaseOffset, position, fileSize - position, result, reason);
                }

                segment.NoteBatch(buffer.AsSpan(at), checked((int)position), (int)header.TotalSize);
                position += header.TotalSize;
            }

            segment.PublishEnd(position);
            return new SegmentRecoveryResult(segment.BaseOffset, position, 0, RecordBatchValidationResult.Ok, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Restores appender state of a segment trusted by the recovery point: reads headers only, from the last offset
    /// index entry to the end. Returns false when an index fails its sanity check, so the caller rebuilds it.
    /// </summary>
    public static bool TryLoad(LogSegment segment)
    {
        long fileSize = RandomAccess.GetLength(segment.Handle);
        if ((!segment.IndexFilesExisted && fileSize > 0) || !segment.OffsetIndex.IsSane(fileSize) || !segment.TimeIndex.IsSane())
        {
            return false;
        }

        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        long rolling = -1;
        if (fileSize >= RecordBatchHeader.Size && RandomAccess.Read(segment.Handle, header, 0) == header.Length)
        {
            rolling = RecordBatchHeader.Read(header).MaxTimestamp;
        }

        int entries = segment.OffsetIndex.Entries;
        long position = entries == 0 ? 0 : segment.OffsetIndex.EntryAt(entries - 1).Position;
        TimeIndexEntry lastTime = segment.TimeIndex.LastEntry;
        segment.ResetState(segment.BaseOffset, lastTime.Timestamp, lastTime.Offset, -1, 0);
        while (position + RecordBatchHeader.Size <= fileSize)
        {
            if (RandomAccess.Read(segment.Handle, header, position) < header.Length)
            {
                return false;
            }

            RecordBatchHeader parsed = RecordBatchHeader.Read(header);
            if (parsed.Magic != RecordBatchHeader.CurrentMagic || parsed.TotalSize < RecordBatchHeader.Size || position + parsed.TotalSize > fileSize)
            {
                return false;
            }

            segment.NoteBatch(header, checked((int)position), (int)parsed.TotalSize);
            position += parsed.TotalSize;
        }

        segment.ResetState(segment.NextOffset, segment.MaxTimestamp, segment.OffsetOfMaxTimestamp, rolling, ReadBytesSinceIndex(segment, fileSize));
        if (position != fileSize)
        {
            return false;
        }

        segment.PublishEnd(fileSize);
        return true;
    }

    private static bool HasWrongEpoch(in RecordBatchHeader header, LeaderEpochCache? epochs)
    {
        int expected = epochs?.EpochFor(header.BaseOffset) ?? -1;
        return expected >= 0 && header.PartitionLeaderEpoch != expected;
    }

    private static int ReadBytesSinceIndex(LogSegment segment, long fileSize)
    {
        int entries = segment.OffsetIndex.Entries;
        long last = entries == 0 ? 0 : segment.OffsetIndex.EntryAt(entries - 1).Position;
        return (int)Math.Min(fileSize - last, int.MaxValue);
    }

    // Reads at least `needed` bytes (or to the end of the file) starting at `position`; grows the buffer for big batches.
    private static int ReadChunk(LogSegment segment, ref byte[] buffer, long position, long fileSize, int needed)
    {
        long remaining = fileSize - position;
        if (needed > buffer.Length && needed <= remaining)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(needed);
        }

        int want = (int)Math.Min(Math.Max(needed, Math.Min(buffer.Length, ChunkBytes)), Math.Min(remaining, buffer.Length));
        int read = 0;
        while (read < want)
        {
            int n = RandomAccess.Read(segment.Handle, buffer.AsSpan(read, want - read), position + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }
}
