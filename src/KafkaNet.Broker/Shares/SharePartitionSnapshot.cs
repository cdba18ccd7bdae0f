namespace KafkaNet.Broker.Shares;

/// <summary>
/// The persisted form of a share-partition, as WriteShareGroupState writes and ReadShareGroupState returns it:
/// the start offset, the state epoch, and the in-flight runs that differ from "available, never delivered",
/// in offset order.
/// </summary>
public sealed record SharePartitionSnapshot(int StateEpoch, long StartOffset, IReadOnlyList<ShareStateBatch> StateBatches);
