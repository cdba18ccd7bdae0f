namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>A topic as the assignor sees it: its name (what members subscribe to), its id and partition count.</summary>
public sealed record ShareAssignableTopic(string Name, Guid TopicId, int PartitionCount);
