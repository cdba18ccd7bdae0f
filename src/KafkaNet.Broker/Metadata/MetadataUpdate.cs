namespace KafkaNet.Broker.Metadata;

/// <summary>The image a delta produced and what changed from the image it started from.</summary>
public sealed record MetadataUpdate(
    MetadataImage Image,
    IReadOnlyList<TopicImage> TopicsCreated,
    IReadOnlyList<TopicImage> TopicsDeleted,
    IReadOnlyList<PartitionChange> PartitionsChanged,
    IReadOnlyList<int> BrokersRegistered,
    IReadOnlyList<int> BrokersUnregistered,
    IReadOnlyList<int> BrokersFenced,
    IReadOnlyList<int> BrokersUnfenced,
    IReadOnlyList<ConfigResourceKey> ConfigsChanged);
