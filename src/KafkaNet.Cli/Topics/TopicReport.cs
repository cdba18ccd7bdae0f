namespace KafkaNet.Cli.Topics;

/// <summary>One topic as --describe shows it; also the shape of its --output json.</summary>
internal sealed record TopicReport(
    string Name,
    string TopicId,
    int PartitionCount,
    int ReplicationFactor,
    IReadOnlyDictionary<string, string> Configs,
    IReadOnlyList<PartitionReport> Partitions);

/// <summary>One partition: its leader (null when it has none), replicas and in-sync replicas by broker id.</summary>
internal sealed record PartitionReport(int Partition, int? Leader, IReadOnlyList<int> Replicas, IReadOnlyList<int> Isr)
{
    public bool IsUnderReplicated => Isr.Count < Replicas.Count;

    public bool IsUnavailable => Leader is null;
}
