using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Integrity;

namespace KafkaNet.Storage;

/// <summary>Checks every batch of an append before any offset is assigned, so a bad append changes nothing.</summary>
internal static class AppendValidator
{
    /// <summary>
    /// Returns the number of records. With <paramref name="checksumVerified"/> the caller has already checked each
    /// batch's CRC and contents (the produce path does, for Kafka's error codes), so only the framing is read here.
    /// Whatever checked them, each batch's offset range must hold its records exactly, so no append moves the log end
    /// by more than it stores; with <paramref name="gapsAllowed"/> (a replica copying its leader, whose log compaction
    /// may have thinned) a range may hold fewer.
    /// </summary>
    /// <exception cref="InvalidRecordBatchException">A batch is invalid or larger than max.message.bytes, or there is none.</exception>
    public static int Validate(ReadOnlySpan<byte> records, int maxMessageBytes, bool checksumVerified = false, bool gapsAllowed = false)
    {
        int at = 0;
        int recordCount = 0;
        while (at < records.Length)
        {
            RecordBatchHeader header;
            RecordBatchValidationResult result = checksumVerified
                ? (RecordBatchHeader.TryRead(records[at..], out header) && header.TotalSize <= records.Length - at ? RecordBatchValidationResult.Ok : RecordBatchValidationResult.Truncated)
                : RecordBatchValidator.Validate(records[at..], out header);
            if (result != RecordBatchValidationResult.Ok)
            {
                throw new InvalidRecordBatchException(result, $"Batch at byte {at} of the append is {result}.");
            }

            if (BatchOffsetRange.Violation(header, compacted: gapsAllowed) is { } violation)
            {
                throw new InvalidRecordBatchException(RecordBatchValidationResult.BadRecordCount, $"Batch at byte {at} of the append is refused: {violation}.");
            }

            if (header.TotalSize > maxMessageBytes)
            {
                throw new InvalidRecordBatchException(result, $"Batch of {header.TotalSize} bytes exceeds max.message.bytes {maxMessageBytes}.");
            }

            recordCount += header.RecordCount;
            at += (int)header.TotalSize;
        }

        return at == 0 ? throw new InvalidRecordBatchException(RecordBatchValidationResult.TooShort, "An append needs at least one batch.") : recordCount;
    }
}
