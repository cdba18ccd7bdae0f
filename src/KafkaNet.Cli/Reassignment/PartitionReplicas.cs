namespace KafkaNet.Cli.Reassignment;

/// <summary>A partition and its replicas by broker id, the first being the preferred leader.</summary>
internal sealed record PartitionReplicas(string Topic, int Partition, IReadOnlyList<int> Replicas)
{
    /// <summary>"orders-0", as Kafka names a partition.</summary>
    public string Name => $"{Topic}-{Partition}";

    public (string Topic, int Partition) Key => (Topic, Partition);

    /// <summary>Kafka's order: by topic, then partition.</summary>
    public static IEnumerable<PartitionReplicas> Sorted(IEnumerable<PartitionReplicas> partitions) =>
        partitions.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition);

    public static string Ids(IEnumerable<int> ids) => string.Join(',', ids);
}
