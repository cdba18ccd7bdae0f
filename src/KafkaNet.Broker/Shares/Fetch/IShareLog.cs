namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>The partition log as the share-partition leader reads it: its bounds and whole record batches.</summary>
public interface IShareLog
{
    /// <summary>The first offset the log still holds.</summary>
    long StartOffset { get; }

    /// <summary>One past the last offset consumers may read (the high watermark).</summary>
    long EndOffset { get; }

    /// <summary>
    /// Whole batches from the one holding <paramref name="offset"/>, up to <paramref name="maxBytes"/> but at least one
    /// batch, below <see cref="EndOffset"/>; empty when there is nothing to read there.
    /// </summary>
    byte[] Read(long offset, int maxBytes);
}
