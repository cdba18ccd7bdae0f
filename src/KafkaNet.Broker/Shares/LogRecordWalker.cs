using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares;

/// <summary>Sees one data record of a log walk; the record is valid only during the call.</summary>
public delegate void RecordVisitor(in Record record);

/// <summary>
/// Walks the data records of an offset range of a partition log (decompressing as needed), a chunk of batches at a
/// time, so a long range never sits in memory at once. Control records and offsets the log no longer holds are passed over.
/// </summary>
public static class LogRecordWalker
{
    private const int ChunkBytes = 1024 * 1024;
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    public static void Walk(PartitionLog log, long first, long last, RecordVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(visit);
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
            long next = Decode(chunk, first, last, visit);
            if (next <= offset)
            {
                break; // nothing readable past this point
            }
            offset = next;
        }
    }

    private static long Decode(byte[] chunk, long first, long last, RecordVisitor visit)
    {
        long next = -1;
        ReadOnlyMemory<byte> rest = chunk;
        while (rest.Length > 0 && RecordBatch.TryRead(rest, out var batch) == RecordBatchValidationResult.Ok)
        {
            rest = rest[batch.Memory.Length..];
            next = batch.Header.BaseOffset + batch.Header.LastOffsetDelta + 1;
            if (batch.Header.IsControl || next <= first || batch.Header.BaseOffset > last)
            {
                continue;
            }
            using var content = batch.OpenRecords(MaxDecompressedBytes);
            foreach (var record in content.GetRecords())
            {
                if (record.Offset >= first && record.Offset <= last)
                {
                    visit(record);
                }
            }
        }
        return next;
    }
}
