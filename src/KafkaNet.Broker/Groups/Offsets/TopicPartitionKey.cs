namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>A topic and partition, as the key of a committed offset.</summary>
public readonly record struct TopicPartitionKey(string Topic, int Partition);
