namespace KafkaNet.Broker.Metadata;

/// <summary>A partition created or changed by a delta; <see cref="Previous"/> is null for a new partition.</summary>
public sealed record PartitionChange(Guid TopicId, string TopicName, PartitionRegistration? Previous, PartitionRegistration Current);
