using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// A partition a fetch read, with the bound it read up to (the log end for a follower, the high watermark for
/// read_uncommitted, the last stable offset below it for read_committed), so a wait can tell whether there may be
/// more to read since.
/// </summary>
internal readonly record struct WatchedPartition(TopicPartition Partition, PartitionLog Log, long SeenBound, bool ReadCommitted, bool Follower = false)
{
    /// <summary>True when the bound has moved: readers gain nothing from records they may not read yet.</summary>
    public bool HasMoved => Bound(Log, ReadCommitted, Follower) != SeenBound;

    /// <summary>How far a reader of this kind may read now.</summary>
    public static long Bound(PartitionLog log, bool readCommitted, bool follower) =>
        follower ? log.LogEndOffset : readCommitted ? log.LastStableOffsetBelow(log.HighWatermark) : log.HighWatermark;
}
