using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// A partition a fetch read, with the bound it read up to (the last stable offset for read_committed, else the log
/// end), so a wait can tell whether there may be more to read since.
/// </summary>
internal readonly record struct WatchedPartition(TopicPartition Partition, PartitionLog Log, long SeenBound, bool ReadCommitted)
{
    /// <summary>
    /// True when the bound has moved: an append for read_uncommitted, a moved last stable offset (a transaction
    /// ended) for read_committed, whose readers gain nothing from data of open transactions.
    /// </summary>
    public bool HasMoved => (ReadCommitted ? Log.LastStableOffset : Log.LogEndOffset) != SeenBound;
}
