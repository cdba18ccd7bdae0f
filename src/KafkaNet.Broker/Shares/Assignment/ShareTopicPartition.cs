namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>One partition of a topic, named by topic id as share-group assignments are.</summary>
public readonly record struct ShareTopicPartition(Guid TopicId, int Partition);
