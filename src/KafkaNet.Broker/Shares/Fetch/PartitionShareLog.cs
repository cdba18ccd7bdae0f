using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// A broker's partition log for the share-partition leader. Batches are copied out of the segment file, since
/// the records answered are cut down to the batches holding acquired offsets.
/// </summary>
public sealed class PartitionShareLog(PartitionLog log) : IShareLog
{
    public long StartOffset => log.LogStartOffset;

    public long EndOffset => log.HighWatermark;

    public long StableEndOffset => log.LastStableOffsetBelow(log.HighWatermark);

    public byte[] Read(long offset, int maxBytes, long endOffset)
    {
        long end = Math.Min(endOffset, EndOffset);
        if (offset < log.LogStartOffset || offset >= end) return [];
        try
        {
            using var read = log.Read(offset, Math.Max(1, maxBytes), end);
            if (read.Region is not { } region) return [];
            var bytes = new byte[region.Length];
            int filled = 0;
            while (filled < bytes.Length)
            {
                int n = RandomAccess.Read(region.Handle, bytes.AsSpan(filled), region.Position + filled);
                if (n <= 0) break;
                filled += n;
            }
            return filled == bytes.Length ? bytes : [];
        }
        catch (OffsetOutOfRangeException)
        {
            // Retention moved the log start past the offset between the check and the read.
            return [];
        }
    }

    public IReadOnlyList<(long ProducerId, long FirstOffset, long MarkerOffset)> AbortedTransactions(long from, long to)
    {
        var found = new List<KafkaNet.Storage.Producers.AbortedTransaction>();
        log.CollectAbortedTransactions(from, to, found);
        return [.. found.Select(a => (a.ProducerId, a.FirstOffset, a.LastOffset))];
    }
}
