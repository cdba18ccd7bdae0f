namespace KafkaNet.Cluster.Observer;

/// <summary>The answer to one metadata fetch: entries, or a snapshot to load first.</summary>
public sealed class MetadataFeedRead
{
    private MetadataFeedRead(IReadOnlyList<MetadataLogEntry> entries, long snapshotEndOffset, long highWatermark)
    {
        Items = entries;
        SnapshotEndOffset = snapshotEndOffset;
        HighWatermark = highWatermark;
    }

    /// <summary>Entries from the fetch offset on, in order; empty when nothing new.</summary>
    public IReadOnlyList<MetadataLogEntry> Items { get; }

    /// <summary>When at least 0: the entries asked for are gone; load the snapshot with this end offset.</summary>
    public long SnapshotEndOffset { get; }

    /// <summary>One past the last committed, applied entry.</summary>
    public long HighWatermark { get; }

    public static MetadataFeedRead Entries(IReadOnlyList<MetadataLogEntry> entries, long highWatermark) => new(entries, -1, highWatermark);

    public static MetadataFeedRead Snapshot(long endOffset, long highWatermark) => new([], endOffset, highWatermark);
}
