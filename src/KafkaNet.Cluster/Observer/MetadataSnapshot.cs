namespace KafkaNet.Cluster.Observer;

/// <summary>
/// The image as one batch of metadata records, standing for every entry before <see cref="EndOffset"/>
/// (exclusive, as Kafka's snapshot ids count).
/// </summary>
public sealed record MetadataSnapshot(long EndOffset, byte[] Records);
