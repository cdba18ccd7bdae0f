using System.Globalization;
using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

/// <summary>The checks Kafka makes on one partition's records before appending them, with Kafka's error codes.</summary>
internal static class ProduceValidator
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    public static ErrorCode Check(
        short acks,
        short version,
        ReadOnlyMemory<byte>? records,
        PartitionLog log,
        TopicConfigResolver resolver,
        IReadOnlyDictionary<string, string> overrides,
        out string? message,
        out int recordIndex)
    {
        message = null;
        recordIndex = -1;
        if (acks is not (-1 or 0 or 1))
        {
            return Fail(ErrorCode.InvalidRequiredAcks, $"acks must be -1, 0 or 1, not {acks}", out message);
        }
        if (acks == -1 && int.Parse(Config("min.insync.replicas"), CultureInfo.InvariantCulture) > 1)
        {
            return Fail(ErrorCode.NotEnoughReplicas, "the in-sync replica set of a single broker is smaller than min.insync.replicas", out message);
        }
        if (records is not { Length: > 0 } bytes)
        {
            return Fail(ErrorCode.InvalidRecord, "a produce request needs one record batch per partition", out message);
        }
        var span = bytes.Span;
        var result = RecordBatchValidator.Validate(span, out var header);
        switch (result)
        {
            case RecordBatchValidationResult.Ok:
                break;
            case RecordBatchValidationResult.BadMagic:
                return Fail(ErrorCode.InvalidRecord, "produce requests from v3 carry only magic 2 record batches", out message);
            case RecordBatchValidationResult.UnsupportedCompression:
                return Fail(ErrorCode.UnsupportedCompressionType, "unknown compression codec", out message);
            case RecordBatchValidationResult.BadRecordCount:
                return Fail(ErrorCode.InvalidRecord, "record count disagrees with the batch's offset range or size", out message);
            default:
                return Fail(ErrorCode.CorruptMessage, $"record batch is {result}", out message);
        }
        if (header.TotalSize != span.Length)
        {
            return Fail(ErrorCode.InvalidRecord, "produce requests from v3 carry exactly one record batch per partition", out message);
        }
        if (span.Length > log.Config.MaxMessageBytes)
        {
            return Fail(ErrorCode.MessageTooLarge, $"batch of {span.Length} bytes exceeds max.message.bytes {log.Config.MaxMessageBytes}", out message);
        }
        if (span.Length > log.Config.SegmentBytes)
        {
            return Fail(ErrorCode.RecordListTooLarge, $"batch of {span.Length} bytes exceeds segment.bytes {log.Config.SegmentBytes}", out message);
        }
        if (header.Compression == CompressionCodec.Zstd && version < 7)
        {
            return Fail(ErrorCode.UnsupportedCompressionType, "zstd needs produce v7 or later", out message);
        }
        // CreateTime records must lie within message.timestamp.before/after.max.ms of the broker's clock.
        long earliest = long.MinValue, latest = long.MaxValue;
        if (!log.Config.LogAppendTime)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long before = long.Parse(Config("message.timestamp.before.max.ms"), CultureInfo.InvariantCulture);
            long after = long.Parse(Config("message.timestamp.after.max.ms"), CultureInfo.InvariantCulture);
            earliest = before == long.MaxValue ? long.MinValue : now - before;
            latest = after == long.MaxValue ? long.MaxValue : now + after;
        }
        return CheckRecords(bytes, header, log.Config, earliest, latest, out message, out recordIndex);

        string Config(string name) => resolver.EffectiveValue(TopicConfigs.Find(name)!, overrides);
    }

    /// <summary>
    /// Reads every record, as Kafka does before appending: the CRC only proves the bytes arrived as sent, not that
    /// they parse, and a batch that does not parse would stop every consumer at its offset. Compacted topics need keys.
    /// </summary>
    private static ErrorCode CheckRecords(ReadOnlyMemory<byte> bytes, in RecordBatchHeader header, LogConfig config, long earliest, long latest, out string? message, out int recordIndex)
    {
        message = null;
        recordIndex = -1;
        if (header.IsControl)
        {
            return ErrorCode.None;
        }
        bool compacted = config.Compacts;
        RecordBatch.TryRead(bytes, out var batch);
        try
        {
            // Bounded as the log engine's own readers are, so a small compressed batch cannot inflate without limit.
            using var content = batch.OpenRecords(MaxDecompressedBytes);
            var reader = content.GetRecords();
            for (int expectedDelta = 0; ; expectedDelta++)
            {
                switch (reader.TryReadNext(out var record))
                {
                    case RecordReadResult.End when header.LastOffsetDelta == expectedDelta - 1:
                        return ErrorCode.None;
                    case RecordReadResult.End:
                        return Fail(ErrorCode.InvalidRecord, $"last offset delta {header.LastOffsetDelta} does not match {expectedDelta} records", out message);
                    case RecordReadResult.Corrupt:
                        return Fail(ErrorCode.InvalidRecord, $"record {expectedDelta} of the batch is malformed or the record count is wrong", out message);
                }
                if (record.OffsetDelta != expectedDelta)
                {
                    return Fail(ErrorCode.InvalidRecord, $"record {expectedDelta} has offset delta {record.OffsetDelta}; a producer's deltas run 0, 1, 2...", out message);
                }
                if (compacted && record.IsKeyNull)
                {
                    recordIndex = expectedDelta;
                    return Fail(ErrorCode.InvalidRecord, "compacted topic cannot accept a record without a key", out message);
                }
                if (record.Timestamp < earliest || record.Timestamp > latest)
                {
                    recordIndex = expectedDelta;
                    return Fail(ErrorCode.InvalidTimestamp, $"timestamp {record.Timestamp} of record {expectedDelta} is outside message.timestamp.before.max.ms/after.max.ms of the broker's clock", out message);
                }
            }
        }
        catch (CorruptRecordException e)
        {
            return Fail(ErrorCode.CorruptMessage, $"compressed records cannot be read: {e.Message}", out message);
        }
    }

    private static ErrorCode Fail(ErrorCode code, string text, out string? message)
    {
        message = text;
        return code;
    }
}
