using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Checks a produced batch's CRC and reads every record against <see cref="RecordRules"/>, as a broker does before
/// appending: the CRC proves the bytes arrived as sent, not that they parse. An uncompressed batch is read from
/// memory once: the CRC runs a cache-sized chunk ahead of the record walk, which then finds its bytes in cache.
/// </summary>
public static class RecordBatchChecker
{
    private const long NoTimestamp = -1;

    // Half of a typical 64 KiB L1 + L2 working set per core: the walk reads a chunk while it is still cached.
    private const int ChunkBytes = 32 * 1024;

    /// <summary>
    /// Checks the batch that is exactly <paramref name="batch"/>, whose <paramref name="header"/> passed
    /// <see cref="RecordBatchValidator.ValidateHeader"/>. Returns <see cref="RecordBatchValidationResult.BadCrc"/>
    /// (with no fault: a bad CRC takes precedence over anything read from the records) or
    /// <see cref="RecordBatchValidationResult.Ok"/> with the first record fault, if any. Compressed records are
    /// decompressed into a pooled buffer of at most <paramref name="maxDecompressedBytes"/>; control batches' records
    /// are not read. Never throws for bad input.
    /// </summary>
    public static RecordBatchValidationResult Check(
        ReadOnlyMemory<byte> batch,
        in RecordBatchHeader header,
        in RecordRules rules,
        int maxDecompressedBytes,
        out RecordFault fault) =>
        Check(batch, header, rules, maxDecompressedBytes, out fault, out _);

    /// <summary>
    /// As <see cref="Check(ReadOnlyMemory{byte}, in RecordBatchHeader, in RecordRules, int, out RecordFault)"/>;
    /// <paramref name="maxTimestamp"/> is the largest record timestamp read (-1 when no record has one, or for a
    /// control batch), which a CreateTime batch's header must carry.
    /// </summary>
    public static RecordBatchValidationResult Check(
        ReadOnlyMemory<byte> batch,
        in RecordBatchHeader header,
        in RecordRules rules,
        int maxDecompressedBytes,
        out RecordFault fault,
        out long maxTimestamp)
    {
        fault = default;
        maxTimestamp = NoTimestamp;
        ReadOnlySpan<byte> span = batch.Span;
        RecordBatchHeader readAs = rules.ReadAsCreateTime && header.TimestampType == TimestampType.LogAppendTime
            ? header with { Attributes = RecordBatchAttributes.WithTimestampType(header.Attributes, TimestampType.CreateTime) }
            : header;
        if (header.Compression == CompressionCodec.None && !header.IsControl)
        {
            return CheckInOnePass(span, readAs, rules, out fault, out maxTimestamp);
        }
        if (!RecordBatchCrc.IsValid(span))
        {
            return RecordBatchValidationResult.BadCrc;
        }
        if (header.IsControl)
        {
            return RecordBatchValidationResult.Ok;
        }
        try
        {
            using var content = RecordBatchContent.Open(readAs, batch[RecordBatchHeader.Size..], maxDecompressedBytes);
            var reader = content.GetRecords();
            int index = 0;
            Walk(ref reader, ref index, int.MaxValue, readAs, rules, ref maxTimestamp, out fault);
        }
        catch (CorruptRecordException e)
        {
            fault = new RecordFault(RecordFaultKind.Undecompressable, 0, Detail: e.Message);
        }
        return RecordBatchValidationResult.Ok;
    }

    private static RecordBatchValidationResult CheckInOnePass(ReadOnlySpan<byte> batch, in RecordBatchHeader header, in RecordRules rules, out RecordFault fault, out long maxTimestamp)
    {
        fault = default;
        maxTimestamp = NoTimestamp;
        var reader = new RecordReader(batch[RecordBatchHeader.Size..], header);
        int index = 0;
        bool walked = false;
        uint register = ~0u;
        int checkedUpTo = RecordBatchHeader.AttributesOffset;
        while (checkedUpTo < batch.Length)
        {
            int next = batch.Length - checkedUpTo > ChunkBytes ? checkedUpTo + ChunkBytes : batch.Length;
            register = Crc32C.Update(register, batch[checkedUpTo..next]);
            checkedUpTo = next;
            if (!walked)
            {
                // Records that start in checked bytes; at the end, all of them and the count's end check.
                int until = checkedUpTo == batch.Length ? int.MaxValue : checkedUpTo - RecordBatchHeader.Size;
                walked = Walk(ref reader, ref index, until, header, rules, ref maxTimestamp, out fault);
            }
        }
        if (~register != header.Crc)
        {
            fault = default;
            return RecordBatchValidationResult.BadCrc;
        }
        return RecordBatchValidationResult.Ok;
    }

    /// <summary>
    /// Reads records that start before <paramref name="until"/> (an offset in the records section). True once the
    /// walk is over: a fault was found, or the records ended as the header declares.
    /// </summary>
    private static bool Walk(ref RecordReader reader, ref int index, int until, in RecordBatchHeader header, in RecordRules rules, ref long maxTimestamp, out RecordFault fault)
    {
        fault = default;
        while (reader.Position < until)
        {
            switch (reader.TryScanNext(out RecordLayout record))
            {
                case RecordReadResult.End:
                    if (header.LastOffsetDelta != index - 1)
                    {
                        fault = new RecordFault(RecordFaultKind.LastOffsetDelta, index);
                    }
                    return true;
                case RecordReadResult.Corrupt:
                    fault = new RecordFault(RecordFaultKind.Malformed, index);
                    return true;
            }
            if (record.OffsetDelta != index)
            {
                fault = new RecordFault(RecordFaultKind.OffsetDelta, index, record.OffsetDelta);
                return true;
            }
            if (rules.KeysRequired && record.KeyLength < 0)
            {
                fault = new RecordFault(RecordFaultKind.MissingKey, index);
                return true;
            }
            long timestamp = reader.TimestampOf(record);
            // -1 is "no timestamp" (old message formats, some producers): Kafka checks only real ones.
            if (timestamp != NoTimestamp && (timestamp < rules.EarliestTimestamp || timestamp > rules.LatestTimestamp))
            {
                fault = new RecordFault(RecordFaultKind.Timestamp, index, timestamp);
                return true;
            }
            maxTimestamp = Math.Max(maxTimestamp, timestamp);
            index++;
        }
        return false;
    }
}
