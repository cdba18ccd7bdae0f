using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage;

/// <summary>Checks every batch of an append before any offset is assigned, so a bad append changes nothing.</summary>
internal static class AppendValidator
{
    /// <summary>
    /// Returns the number of records. With <paramref name="checksumVerified"/> the caller has already checked each
    /// batch's CRC and contents (the produce path does, for Kafka's error codes), so only the framing is read here.
    /// </summary>
    /// <exception cref="InvalidRecordBatchException">A batch is invalid or larger than max.message.bytes, or there is none.</exception>
    public static int Validate(ReadOnlySpan<byte> records, int maxMessageBytes, bool checksumVerified = false)
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
