namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>The partition log as the share-partition leader reads it: its bounds and whole record batches.</summary>
public interface IShareLog
{
    /// <summary>The first offset the log still holds.</summary>
    long StartOffset { get; }

    /// <summary>One past the last offset consumers may read (the high watermark).</summary>
    long EndOffset { get; }

    /// <summary>One past the last offset read_committed consumers may read: the last stable offset, at most the high watermark.</summary>
    long StableEndOffset { get; }

    /// <summary>
    /// Whole batches from the one holding <paramref name="offset"/>, up to <paramref name="maxBytes"/> but at least one
    /// batch, below <paramref name="endOffset"/> (at most <see cref="EndOffset"/>); empty when there is nothing to read there.
    /// </summary>
    byte[] Read(long offset, int maxBytes, long endOffset);

    /// <summary>The aborted transactions overlapping [<paramref name="from"/>, <paramref name="to"/>): producer id, first offset, abort marker offset.</summary>
    IReadOnlyList<(long ProducerId, long FirstOffset, long MarkerOffset)> AbortedTransactions(long from, long to);
}
