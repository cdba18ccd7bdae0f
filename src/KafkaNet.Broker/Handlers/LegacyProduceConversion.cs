using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Produce v0-2 with v0/v1 message sets: the set is read and turned into one v2 batch, which then takes the same
/// checks and append path as a v3+ batch. Kafka accepts v2 batches in v0-2 requests too (it never checked the magic
/// of old requests), so only sets whose first entry has magic 0 or 1 are converted. A compressed set must be one
/// wrapper message, as in Kafka.
/// </summary>
internal static class LegacyProduceConversion
{
    public static bool IsLegacy(ReadOnlyMemory<byte>? records) =>
        records is { Length: > RecordBatchHeader.MagicOffset } bytes && bytes.Span[RecordBatchHeader.MagicOffset] < RecordBatchHeader.CurrentMagic;

    /// <summary>
    /// Reads the set (CRCs, sizes, magic, codecs, inner offsets) and writes it as one v2 batch into a pooled buffer
    /// the caller disposes once the batch is appended. A bad set gets Kafka's code (CORRUPT_MESSAGE for structural
    /// faults, UNSUPPORTED_COMPRESSION_TYPE for zstd) and no batch.
    /// </summary>
    public static ErrorCode Convert(ReadOnlyMemory<byte> records, out PooledBufferWriter? batch, out string? message)
    {
        batch = null;
        message = null;
        using var set = LegacyMessageSetReader.Read(records, ProduceValidator.MaxDecompressedBytes, allowPartialTrailingMessage: false);
        if (!set.IsValid)
        {
            message = $"message set is invalid ({set.Error}) at byte {set.ErrorPosition}";
            return set.Error.ToErrorCode();
        }
        if (set.SourceCompression != CompressionCodec.None && set.EntryCount > 1)
        {
            // Kafka takes one compressed wrapper per partition and refuses more as an invalid record.
            message = $"a compressed message set carries {set.EntryCount} entries; only one wrapper message is allowed";
            return ErrorCode.InvalidRecord;
        }
        var writer = new PooledBufferWriter(records.Length + RecordBatchHeader.Size);
        try
        {
            LegacyToV2Converter.Convert(set, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        batch = writer;
        return ErrorCode.None;
    }
}
