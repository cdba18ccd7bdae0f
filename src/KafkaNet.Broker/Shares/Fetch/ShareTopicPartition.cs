namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>A partition as share requests name it: by topic id.</summary>
public readonly record struct ShareTopicPartition(Guid TopicId, int Partition);
