using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>Reads the records of a __share_group_state partition below an end offset, oldest first, for loading.</summary>
internal static class ShareStateLogReader
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>Records that do not decode (newer record types, damaged values) are skipped, as Kafka's loader skips them.</summary>
    public static IEnumerable<ShareStateRecord> ReadAll(PartitionLog log, long end)
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
            var records = Decode(chunk, offset, end, out long next);
            foreach (var record in records)
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

    private static List<ShareStateRecord> Decode(byte[] chunk, long from, long end, out long next)
    {
        var records = new List<ShareStateRecord>();
        next = from;
        ReadOnlyMemory<byte> rest = chunk;
        while (rest.Length > 0 && RecordBatch.TryRead(rest, out var batch) == RecordBatchValidationResult.Ok)
        {
            rest = rest[batch.Memory.Length..];
            next = batch.Header.BaseOffset + batch.Header.LastOffsetDelta + 1;
            if (batch.Header.IsControl)
            {
                continue;
            }
            using var content = batch.OpenRecords(MaxDecompressedBytes);
            foreach (var record in content.GetRecords())
            {
                if (record.Offset >= from && record.Offset < end && !record.IsKeyNull
                    && ShareStateRecordSerde.TryDeserialize(record.Key, record.Value, record.IsValueNull, out var decoded, out _) && decoded is not null)
                {
                    records.Add(decoded);
                }
            }
        }
        return records;
    }
}
