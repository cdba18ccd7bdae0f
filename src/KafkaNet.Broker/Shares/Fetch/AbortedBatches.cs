using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// Under read_committed, which offsets of a run of log bytes belong to aborted transactions: the data batches of a
/// producer whose transaction was aborted, from the transaction's first offset up to its abort marker.
/// </summary>
public static class AbortedBatches
{
    /// <param name="aborted">The aborted transactions overlapping the bytes: producer id, first offset, and the offset of the abort marker.</param>
    /// <returns>The offset ranges to archive instead of delivering, in offset order.</returns>
    public static List<(long First, long Last)> Find(ReadOnlySpan<byte> bytes, IReadOnlyList<(long ProducerId, long FirstOffset, long MarkerOffset)> aborted)
    {
        var ranges = new List<(long, long)>();
        if (aborted.Count == 0) return ranges;
        foreach (var (first, last, position, length) in LogBatches.Ranges(bytes))
        {
            if (!RecordBatchHeader.TryRead(bytes.Slice(position, length), out var header)
                || !header.IsTransactional || header.IsControl) continue;
            foreach (var (producerId, firstOffset, markerOffset) in aborted)
            {
                if (producerId == header.ProducerId && first >= firstOffset && first < markerOffset)
                {
                    ranges.Add((first, last));
                    break;
                }
            }
        }
        return ranges;
    }
}
