using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>Reads the records of an offset range from a partition log, for copying onto a dead-letter topic.</summary>
public static class SourceRecordReader
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The data records at offsets <paramref name="first"/> to <paramref name="last"/> by offset. Offsets without
    /// one (compacted away, control records, below the log start) are absent.
    /// </summary>
    public static Dictionary<long, SourceRecord> Read(PartitionLog log, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(log);
        var records = new Dictionary<long, SourceRecord>();
        long offset = Math.Max(first, log.LogStartOffset);
        while (offset <= last)
        {
            byte[] chunk;
            using (var result = log.Read(offset, ChunkBytes))
            {
                if (result.Region is null)
                {
                    break;
                }
                chunk = result.Region.ToArray();
            }
            long next = Decode(chunk, first, last, records);
            if (next <= offset)
            {
                break; // nothing readable past this point
            }
            offset = next;
        }
        return records;
    }

    private static long Decode(byte[] chunk, long first, long last, Dictionary<long, SourceRecord> into)
    {
        long next = -1;
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
                if (record.Offset < first || record.Offset > last)
                {
                    continue;
                }
                var headers = new List<RecordHeaderData>(record.HeaderCount);
                foreach (var header in record.Headers)
                {
                    headers.Add(new RecordHeaderData(header.Key.ToArray(), header.IsValueNull ? null : header.Value.ToArray()));
                }
                into[record.Offset] = new SourceRecord(record.Offset, record.Timestamp,
                    record.IsKeyNull ? null : record.Key.ToArray(), record.IsValueNull ? null : record.Value.ToArray(), headers);
            }
        }
        return next;
    }
}
