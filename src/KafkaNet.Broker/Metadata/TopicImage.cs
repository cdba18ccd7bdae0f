using System.Collections.Immutable;

namespace KafkaNet.Broker.Metadata;

/// <summary>A topic of the image with its partitions by partition id.</summary>
public sealed record TopicImage(string Name, Guid Id, ImmutableDictionary<int, PartitionRegistration> Partitions);
