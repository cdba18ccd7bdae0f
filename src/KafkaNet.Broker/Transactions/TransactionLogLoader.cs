using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>Replays a __transaction_state partition into the transactional ids it describes (the last record of an id wins).</summary>
internal static class TransactionLogLoader
{
    private const int ReadBytes = 1024 * 1024;
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The transactional ids the partition holds. Keys of unknown versions and values that do not decode are
    /// skipped, as Kafka skips what it does not know; a tombstone removes its id.
    /// </summary>
    public static Dictionary<string, TransactionMetadata> Load(PartitionLog log)
    {
        var loaded = new Dictionary<string, TransactionMetadata>(StringComparer.Ordinal);
        long position = log.LogStartOffset;
        long end = log.LogEndOffset;
        while (position < end)
        {
            byte[]? bytes = ReadChunk(log, position);
            if (bytes is null)
            {
                break;
            }
            long next = ApplyBatches(bytes, position, loaded);
            if (next <= position)
            {
                break; // nothing readable past this point
            }
            position = next;
        }
        return loaded;
    }

    /// <summary>Whole batches from <paramref name="position"/>, or null past the end or below a log start that moved meanwhile.</summary>
    private static byte[]? ReadChunk(PartitionLog log, long position)
    {
        try
        {
            using var read = log.Read(position, ReadBytes);
            return read.Region?.ToArray();
        }
        catch (OffsetOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Applies the whole batches in <paramref name="bytes"/>; returns the offset after the last one.</summary>
    private static long ApplyBatches(ReadOnlyMemory<byte> bytes, long from, Dictionary<string, TransactionMetadata> loaded)
    {
        long next = from;
        while (!bytes.IsEmpty && RecordBatch.TryRead(bytes, out var batch) == RecordBatchValidationResult.Ok)
        {
            bytes = bytes[batch.Memory.Length..];
            next = batch.Header.BaseOffset + batch.Header.LastOffsetDelta + 1;
            if (!batch.Header.IsControl)
            {
                ApplyRecords(batch, from, loaded);
            }
        }
        return next;
    }

    private static void ApplyRecords(RecordBatch batch, long from, Dictionary<string, TransactionMetadata> loaded)
    {
        using var content = batch.OpenRecords(MaxDecompressedBytes);
        foreach (var record in content.GetRecords())
        {
            if (record.Offset < from || record.IsKeyNull || !TransactionLogRecords.TryReadKey(record.Key, out string transactionalId))
            {
                continue;
            }
            if (record.IsValueNull)
            {
                loaded.Remove(transactionalId);
            }
            else if (TransactionLogRecords.ReadValue(transactionalId, record.Value) is { State: not TransactionState.Dead } metadata)
            {
                loaded[transactionalId] = metadata;
            }
        }
    }
}
