namespace KafkaNet.Broker.Shares;

/// <summary>One share-partition as the share coordinator keys its state: a share group, a topic id and a partition.</summary>
public readonly record struct SharePartitionKey(string GroupId, Guid TopicId, int Partition);
