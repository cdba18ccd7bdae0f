using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>A partition a fetch read, with the log end it saw, so a wait can tell whether it has grown since.</summary>
internal readonly record struct WatchedPartition(TopicPartition Partition, PartitionLog Log, long SeenLogEnd);
