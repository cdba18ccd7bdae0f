namespace KafkaNet.Cluster.Observer;

/// <summary>The metadata log as a topic partition: Kafka's __cluster_metadata-0 with its fixed topic id.</summary>
public static class MetadataTopic
{
    public const string Name = KafkaNet.Storage.LogFileNames.ClusterMetadataTopic;

    public const int Partition = 0;

    /// <summary>Kafka's METADATA_TOPIC_ID: the UUID 0x0...01.</summary>
    public static readonly Guid Id = new("00000000-0000-0000-0000-000000000001");
}
