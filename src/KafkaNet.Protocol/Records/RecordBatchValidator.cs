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
        RecordBatchValidationResult result = ValidateHeader(buffer, out header);
        return (result is RecordBatchValidationResult.Ok or RecordBatchValidationResult.UnsupportedCompression or RecordBatchValidationResult.BadRecordCount)
            && !RecordBatchCrc.IsValid(buffer[..(int)header.TotalSize])
            ? RecordBatchValidationResult.BadCrc
            : result;
    }

    /// <summary>
    /// Every check of <see cref="Validate(ReadOnlySpan{byte}, out RecordBatchHeader)"/> except the CRC, in the same
    /// order. Its results up to <see cref="RecordBatchValidationResult.Truncated"/> come before the CRC there; a bad
    /// CRC takes precedence over <see cref="RecordBatchValidationResult.UnsupportedCompression"/> and
    /// <see cref="RecordBatchValidationResult.BadRecordCount"/>, so a caller that reports those checks the CRC first.
    /// </summary>
    public static RecordBatchValidationResult ValidateHeader(ReadOnlySpan<byte> buffer, out RecordBatchHeader header)
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
