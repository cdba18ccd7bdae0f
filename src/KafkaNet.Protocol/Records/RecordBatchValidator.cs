using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>Checks untrusted bytes as a v2 record batch without throwing.</summary>
public static class RecordBatchValidator
{
    // Length varint, attributes, timestamp delta, offset delta, key length, value length, header count.
    internal const int MinRecordSize = 7;

    /// <summary>Validates the batch at the start of <paramref name="buffer"/>; bytes after it are ignored.</summary>
    public static RecordBatchValidationResult Validate(ReadOnlySpan<byte> buffer) => Validate(buffer, out _);

    /// <summary>
    /// Validates the batch at the start of <paramref name="buffer"/>: size, magic, CRC-32C, codec and record count.
    /// Records themselves are checked as they are read. <paramref name="header"/> is filled whenever a header could be read.
    /// </summary>
    public static RecordBatchValidationResult Validate(ReadOnlySpan<byte> buffer, out RecordBatchHeader header)
    {
        if (!RecordBatchHeader.TryRead(buffer, out header))
        {
            return RecordBatchValidationResult.TooShort;
        }

        if (header.Magic != RecordBatchHeader.CurrentMagic)
        {
            return RecordBatchValidationResult.BadMagic;
        }

        if (header.TotalSize < RecordBatchHeader.Size)
        {
            return RecordBatchValidationResult.BadLength;
        }

        if (header.TotalSize > buffer.Length)
        {
            return RecordBatchValidationResult.Truncated;
        }

        ReadOnlySpan<byte> batch = buffer[..(int)header.TotalSize];
        if (!RecordBatchCrc.IsValid(batch))
        {
            return RecordBatchValidationResult.BadCrc;
        }

        if (header.Compression > CompressionCodec.Zstd)
        {
            return RecordBatchValidationResult.UnsupportedCompression;
        }

        return HasPlausibleCounts(header) ? RecordBatchValidationResult.Ok : RecordBatchValidationResult.BadRecordCount;
    }

    private static bool HasPlausibleCounts(in RecordBatchHeader header)
    {
        if (header.RecordCount < 0 || header.LastOffsetDelta < 0)
        {
            return false;
        }

        // Offset deltas strictly increase, so N records span at least N-1. Compaction may leave gaps, never overlaps.
        if (header.RecordCount > 0 && header.LastOffsetDelta < header.RecordCount - 1)
        {
            return false;
        }

        long recordsBytes = header.TotalSize - RecordBatchHeader.Size;
        return header.Compression != CompressionCodec.None || (long)header.RecordCount * MinRecordSize <= recordsBytes;
    }
}
