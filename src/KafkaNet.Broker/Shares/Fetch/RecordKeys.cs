using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// The record keys of the batches a share fetch read, by offset, for key-ordered delivery: the share-partition
/// holds back a record while another record of its key is in flight, so it must know every record's key.
/// </summary>
public static class RecordKeys
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The key of every offset from <paramref name="first"/> to <paramref name="last"/> (index = offset - first); null
    /// for a record without a key, a control record, or an offset the bytes do not hold.
    /// </summary>
    public static byte[]?[] Read(byte[] batches, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        var keys = new byte[]?[checked((int)(last - first + 1))];
        ReadOnlyMemory<byte> rest = batches;
        while (rest.Length > 0 && RecordBatch.TryRead(rest, out var batch) == RecordBatchValidationResult.Ok)
        {
            rest = rest[batch.Memory.Length..];
            var header = batch.Header;
            if (header.IsControl || header.BaseOffset + header.LastOffsetDelta < first || header.BaseOffset > last)
            {
                continue;
            }
            using var content = batch.OpenRecords(MaxDecompressedBytes);
            foreach (var record in content.GetRecords())
            {
                if (record.Offset >= first && record.Offset <= last && !record.IsKeyNull)
                {
                    keys[record.Offset - first] = record.Key.ToArray();
                }
            }
        }
        return keys;
    }
}
