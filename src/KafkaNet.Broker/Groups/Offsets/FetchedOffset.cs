using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>
/// One partition of an OffsetFetch answer: the committed offset (null when there is none), or UNSTABLE_OFFSET_COMMIT
/// with no offset when require_stable was asked and a transaction still holds an offset for the partition.
/// </summary>
public readonly record struct FetchedOffset(TopicPartitionKey Partition, OffsetAndMetadata? Offset, ErrorCode Error);
