using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// Reads the coordinator records and transaction markers of a __consumer_offsets partition below an end offset, oldest first, for loading.
/// </summary>
internal static class CoordinatorLogReader
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Records that do not decode (unknown record types of newer features, damaged values) are skipped,
    /// as Kafka's loader skips what it does not know.
    /// </summary>
    public static IEnumerable<CoordinatorLogEntry> ReadAll(PartitionLog log, long end)
    {
        long offset = log.LogStartOffset;
        while (offset < end)
        {
            byte[] chunk;
            using (var result = log.Read(offset, ChunkBytes))
            {
                if (result.Region is null)
                {
                    yield break;
                }
                chunk = result.Region.ToArray();
            }
            long next = offset;
            foreach (var record in Decode(chunk, offset, end, out next))
            {
                yield return record;
            }
            if (next <= offset)
            {
                yield break; // nothing readable past this point
            }
            offset = next;
        }
    }

    private static List<CoordinatorLogEntry> Decode(byte[] chunk, long from, long end, out long next)
    {
        var records = new List<CoordinatorLogEntry>();
        next = from;
        ReadOnlyMemory<byte> rest = chunk;
        while (rest.Length > 0 && RecordBatch.TryRead(rest, out var batch) == RecordBatchValidationResult.Ok)
        {
            rest = rest[batch.Memory.Length..];
            next = batch.Header.BaseOffset + batch.Header.LastOffsetDelta + 1;
            bool control = batch.Header.IsControl;
            long producerId = control || batch.Header.IsTransactional ? batch.Header.ProducerId : RecordBatchHeader.NoProducerId;
            using var content = batch.OpenRecords(MaxDecompressedBytes);
            foreach (var record in content.GetRecords())
            {
                if (record.Offset < from || record.Offset >= end || record.IsKeyNull)
                {
                    continue;
                }
                if (control)
                {
                    if (ControlRecordKeyReader.TryReadMarker(record.Key, out bool commit))
                    {
                        records.Add(CoordinatorLogEntry.OfMarker(record.Offset, producerId, commit));
                    }
                }
                else if (CoordinatorRecordSerde.TryDeserialize(record.Key, record.Value, record.IsValueNull, out var decoded, out _) && decoded is not null)
                {
                    records.Add(CoordinatorLogEntry.OfRecord(record.Offset, producerId, decoded));
                }
            }
        }
        return records;
    }
}
