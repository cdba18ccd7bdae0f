using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Handlers;

/// <summary>The checks Kafka makes on one partition's records before appending them, with Kafka's error codes.</summary>
internal static class ProduceValidator
{
    public const int MaxDecompressedBytes = 64 * 1024 * 1024;

    private static readonly TopicConfigDefinition MinInsyncReplicas = TopicConfigs.Find("min.insync.replicas")!;
    private static readonly TopicConfigDefinition TimestampBeforeMaxMs = TopicConfigs.Find("message.timestamp.before.max.ms")!;
    private static readonly TopicConfigDefinition TimestampAfterMaxMs = TopicConfigs.Find("message.timestamp.after.max.ms")!;

    // The last value parsed per setting: topic configs are read afresh on every request (AlterConfigs takes effect at
    // once) but parsed only when the text changes.
    private static ParsedNumber? s_minInsyncReplicas;
    private static ParsedNumber? s_timestampBeforeMaxMs;
    private static ParsedNumber? s_timestampAfterMaxMs;

    public static ErrorCode Check(
        short acks,
        short version,
        ReadOnlyMemory<byte>? records,
        PartitionLog log,
        TopicConfigResolver resolver,
        IReadOnlyDictionary<string, string> overrides,
        out string? message,
        out int recordIndex,
        out RecordBatchHeader header,
        int inSyncReplicas = 1)
    {
        message = null;
        recordIndex = -1;
        header = default;
        if (acks is not (-1 or 0 or 1))
        {
            return Fail(ErrorCode.InvalidRequiredAcks, $"acks must be -1, 0 or 1, not {acks}", out message);
        }
        if (acks == -1 && MinInsync(resolver, overrides) > inSyncReplicas)
        {
            return Fail(ErrorCode.NotEnoughReplicas, $"the {inSyncReplicas} in-sync replicas are fewer than min.insync.replicas", out message);
        }
        if (records is not { Length: > 0 } bytes)
        {
            return Fail(ErrorCode.InvalidRecord, "a produce request needs one record batch per partition", out message);
        }
        var span = bytes.Span;
        var result = RecordBatchValidator.ValidateHeader(span, out header);
        if (result is RecordBatchValidationResult.TooShort or RecordBatchValidationResult.BadMagic or RecordBatchValidationResult.BadLength or RecordBatchValidationResult.Truncated)
        {
            return Refuse(result, out message);
        }
        // The batch is refused without reading its records; a bad CRC still wins, as Kafka checks it first.
        var refused = CheckBatch(result, header, span.Length, version, log.Config, out message);
        if (refused != ErrorCode.None)
        {
            return RecordBatchCrc.IsValid(span) ? refused : Refuse(RecordBatchValidationResult.BadCrc, out message);
        }
        // CreateTime records must lie within message.timestamp.before/after.max.ms of the broker's clock.
        long earliest = long.MinValue, latest = long.MaxValue;
        if (!log.Config.LogAppendTime)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            long before = Number(TimestampBeforeMaxMs, ref s_timestampBeforeMaxMs);
            long after = Number(TimestampAfterMaxMs, ref s_timestampAfterMaxMs);
            earliest = before == long.MaxValue ? long.MinValue : now - before;
            latest = after == long.MaxValue ? long.MaxValue : now + after;
        }
        var rules = new RecordRules(log.Config.Compacts, earliest, latest, ReadAsCreateTime: !log.Config.LogAppendTime);
        result = RecordBatchChecker.Check(bytes, header, rules, MaxDecompressedBytes, out var fault, out long maxTimestamp);
        if (result != RecordBatchValidationResult.Ok)
        {
            return Refuse(result, out message);
        }
        var error = Describe(fault, header, out message, out recordIndex);
        // As Kafka: on a CreateTime topic the header says CreateTime and carries its records' largest timestamp, which
        // retention and the time index trust; a producer's wrong value is corrected, not refused.
        if (error == ErrorCode.None && !log.Config.LogAppendTime
            && (header.TimestampType != TimestampType.CreateTime || header.MaxTimestamp != maxTimestamp))
        {
            RecordBatchPatch.SetMaxTimestamp(MemoryMarshal.AsMemory(bytes).Span, TimestampType.CreateTime, maxTimestamp);
            RecordBatchHeader.TryRead(bytes.Span, out header);
        }
        return error;

        long Number(TopicConfigDefinition definition, ref ParsedNumber? cache) => Parsed(resolver, overrides, definition, ref cache);
    }

    /// <summary>The topic's effective min.insync.replicas.</summary>
    public static int MinInsync(TopicConfigResolver resolver, IReadOnlyDictionary<string, string> overrides) =>
        (int)Parsed(resolver, overrides, MinInsyncReplicas, ref s_minInsyncReplicas);

    private static long Parsed(TopicConfigResolver resolver, IReadOnlyDictionary<string, string> overrides, TopicConfigDefinition definition, ref ParsedNumber? cache)
    {
        string text = resolver.EffectiveValue(definition, overrides);
        var last = Volatile.Read(ref cache);
        if (last is not null && string.Equals(last.Text, text, StringComparison.Ordinal))
        {
            return last.Value;
        }
        var parsed = new ParsedNumber(text, long.Parse(text, CultureInfo.InvariantCulture));
        Volatile.Write(ref cache, parsed);
        return parsed.Value;
    }

    /// <summary>The checks on the header and size that Kafka makes after the CRC and before reading records.</summary>
    private static ErrorCode CheckBatch(RecordBatchValidationResult result, in RecordBatchHeader header, int length, short version, LogConfig config, out string? message)
    {
        message = null;
        if (header.TotalSize != length)
        {
            return Fail(ErrorCode.InvalidRecord, "a produce request carries exactly one record batch v2 per partition", out message);
        }
        // The log assigns offsets; a producer's batch starts at 0 (Kafka refuses any other base offset).
        if (header.BaseOffset != 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"the base offset of a produced batch must be 0, not {header.BaseOffset}", out message);
        }
        if (length > config.MaxMessageBytes)
        {
            return Fail(ErrorCode.MessageTooLarge, $"batch of {length} bytes exceeds max.message.bytes {config.MaxMessageBytes}", out message);
        }
        if (length > config.SegmentBytes)
        {
            return Fail(ErrorCode.RecordListTooLarge, $"batch of {length} bytes exceeds segment.bytes {config.SegmentBytes}", out message);
        }
        // The log end moves by the offset range, so the range must be exactly one offset per record.
        long countFromOffsets = header.LastOffsetDelta + 1L;
        if (countFromOffsets <= 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"batch has an invalid offset range: last offset delta {header.LastOffsetDelta}", out message);
        }
        if (header.RecordCount <= 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"invalid record count {header.RecordCount} for a record batch", out message);
        }
        if (countFromOffsets != header.RecordCount)
        {
            return Fail(ErrorCode.InvalidRecord, $"inconsistent batch offset range [0, {header.LastOffsetDelta}] and count of records {header.RecordCount}", out message);
        }
        if (result != RecordBatchValidationResult.Ok)
        {
            return Refuse(result, out message);
        }
        if (header.Compression == CompressionCodec.Zstd && version < 7)
        {
            return Fail(ErrorCode.UnsupportedCompressionType, "zstd needs produce v7 or later", out message);
        }
        // Markers come only from the transaction coordinator; a client's would end transactions it does not own.
        if (header.IsControl)
        {
            return Fail(ErrorCode.InvalidRecord, "clients are not allowed to write control batches", out message);
        }
        if (header.ProducerId >= 0 && header.BaseSequence < 0)
        {
            return Fail(ErrorCode.InvalidRecord, $"batch of producer {header.ProducerId} has the invalid base sequence {header.BaseSequence}", out message);
        }
        // A transaction is tracked by its producer: without one, nothing could ever commit or abort it.
        if (header.IsTransactional && header.ProducerId < 0)
        {
            return Fail(ErrorCode.InvalidRecord, "a transactional batch needs a producer id", out message);
        }
        return ErrorCode.None;
    }

    /// <summary>
    /// The checks Kafka makes on a whole request before any partition: a transactional batch needs the request's
    /// transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), and the transactional batches of one request come from
    /// one producer (INVALID_PRODUCER_ID_MAPPING). Reads only the attributes of batches that are not transactional.
    /// </summary>
    public static ErrorCode CheckTransactionalBatches(ProduceRequest request, out string? message, out bool transactional)
    {
        message = null;
        transactional = false;
        long producerId = RecordBatchHeader.NoProducerId;
        short producerEpoch = RecordBatchHeader.NoProducerEpoch;
        foreach (var topic in request.TopicData)
        {
            foreach (var partition in topic.PartitionData)
            {
                if (partition.Records is not { Length: >= RecordBatchHeader.Size } records)
                {
                    continue;
                }
                var span = records.Span;
                if (span[RecordBatchHeader.MagicOffset] != RecordBatchHeader.CurrentMagic
                    || !RecordBatchAttributes.IsTransactional(BinaryPrimitives.ReadInt16BigEndian(span[RecordBatchHeader.AttributesOffset..])))
                {
                    continue;
                }
                transactional = true;
                if (request.TransactionalId is null)
                {
                    return Fail(ErrorCode.TransactionalIdAuthorizationFailed, "transactional records need the request's transactional id", out message);
                }
                long id = BinaryPrimitives.ReadInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..]);
                short epoch = BinaryPrimitives.ReadInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..]);
                if (id < 0)
                {
                    continue;
                }
                if (producerId >= 0 && (id, epoch) != (producerId, producerEpoch))
                {
                    return Fail(ErrorCode.InvalidProducerIdMapping, "transactional records of one request come from more than one producer", out message);
                }
                (producerId, producerEpoch) = (id, epoch);
            }
        }
        return ErrorCode.None;
    }

    /// <summary>Kafka's code for each refusal of the producer state.</summary>
    public static ErrorCode ProducerError(ProducerAppendError error) => error switch
    {
        ProducerAppendError.InvalidProducerEpoch => ErrorCode.InvalidProducerEpoch,
        ProducerAppendError.OutOfOrderSequence => ErrorCode.OutOfOrderSequenceNumber,
        ProducerAppendError.UnknownProducerId => ErrorCode.UnknownProducerId,
        ProducerAppendError.InvalidTxnState => ErrorCode.InvalidTxnState,
        ProducerAppendError.TransactionCoordinatorFenced => ErrorCode.TransactionCoordinatorFenced,
        _ => ErrorCode.UnknownServerError,
    };

    /// <summary>
    /// What a producer is told when the transaction coordinator refuses a transactional batch, as Kafka translates it:
    /// a fenced producer sees INVALID_PRODUCER_EPOCH, produce v10 and older see INVALID_TXN_STATE for
    /// TRANSACTION_ABORTABLE, and coordinator errors that older clients would not retry become NOT_ENOUGH_REPLICAS
    /// (retriable, and no metadata refresh).
    /// </summary>
    public static ErrorCode VerificationError(ErrorCode error, short version, out string? message)
    {
        message = null;
        switch (error)
        {
            case ErrorCode.ProducerFenced:
                return ErrorCode.InvalidProducerEpoch;
            case ErrorCode.TransactionAbortable when version <= 10:
            case ErrorCode.InvalidTxnState:
                return Fail(ErrorCode.InvalidTxnState, "the partition was not added to the transaction", out message);
            case ErrorCode.ConcurrentTransactions:
            case ErrorCode.NetworkException:
            case ErrorCode.CoordinatorLoadInProgress:
            case ErrorCode.CoordinatorNotAvailable:
            case ErrorCode.NotCoordinator:
                return Fail(ErrorCode.NotEnoughReplicas, $"the transaction of this partition could not be verified: {error}", out message);
            default:
                return error;
        }
    }

    private static ErrorCode Refuse(RecordBatchValidationResult result, out string? message) => result switch
    {
        RecordBatchValidationResult.BadMagic => Fail(ErrorCode.InvalidRecord, "produce requests from v3 carry only magic 2 record batches", out message),
        // Kafka finds no batch in bytes shorter than the batch length says, and asks for one.
        RecordBatchValidationResult.TooShort or RecordBatchValidationResult.Truncated => Fail(ErrorCode.InvalidRecord, "a produce request needs one whole record batch per partition", out message),
        RecordBatchValidationResult.UnsupportedCompression => Fail(ErrorCode.UnsupportedCompressionType, "unknown compression codec", out message),
        RecordBatchValidationResult.BadRecordCount => Fail(ErrorCode.InvalidRecord, "record count disagrees with the batch's offset range or size", out message),
        _ => Fail(ErrorCode.CorruptMessage, $"record batch is {result}", out message),
    };

    /// <summary>
    /// Kafka reads every record before appending: a batch that does not parse would stop every consumer at its
    /// offset, and compacted topics need keys.
    /// </summary>
    private static ErrorCode Describe(in RecordFault fault, in RecordBatchHeader header, out string? message, out int recordIndex)
    {
        message = null;
        recordIndex = -1;
        int index = fault.Index;
        switch (fault.Kind)
        {
            case RecordFaultKind.None:
                return ErrorCode.None;
            case RecordFaultKind.LastOffsetDelta:
                return Fail(ErrorCode.InvalidRecord, $"last offset delta {header.LastOffsetDelta} does not match {index} records", out message);
            case RecordFaultKind.Malformed:
                return Fail(ErrorCode.InvalidRecord, $"record {index} of the batch is malformed or the record count is wrong", out message);
            case RecordFaultKind.OffsetDelta:
                return Fail(ErrorCode.InvalidRecord, $"record {index} has offset delta {fault.Value}; a producer's deltas run 0, 1, 2...", out message);
            case RecordFaultKind.MissingKey:
                recordIndex = index;
                return Fail(ErrorCode.InvalidRecord, "compacted topic cannot accept a record without a key", out message);
            case RecordFaultKind.Timestamp:
                recordIndex = index;
                return Fail(ErrorCode.InvalidTimestamp, $"timestamp {fault.Value} of record {index} is outside message.timestamp.before.max.ms/after.max.ms of the broker's clock", out message);
            default:
                return Fail(ErrorCode.CorruptMessage, $"compressed records cannot be read: {fault.Detail}", out message);
        }
    }

    private static ErrorCode Fail(ErrorCode code, string text, out string? message)
    {
        message = text;
        return code;
    }

    private sealed record ParsedNumber(string Text, long Value);
}
