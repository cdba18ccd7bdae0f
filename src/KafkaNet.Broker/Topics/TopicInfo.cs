using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;

namespace KafkaNet.Broker.Topics;

/// <summary>What the broker knows about one topic. Immutable: a change makes a new instance.</summary>
public sealed record TopicInfo(
    string Name,
    Guid TopicId,
    int PartitionCount,
    short ReplicationFactor,
    ImmutableSortedDictionary<string, string> Configs)
{
    /// <summary>
    /// The state of each partition (leader, replicas, ISR, epochs), in partition id order; as many
    /// as <see cref="PartitionCount"/> once the registry has filled them.
    /// </summary>
    public ImmutableArray<PartitionRegistration> Partitions { get; init; } = [];

    public bool IsInternal => TopicNames.IsInternal(Name);

    /// <summary>The state of one partition, or null when the topic has no such partition.</summary>
    public PartitionRegistration? Partition(int partition) =>
        partition >= 0 && partition < Partitions.Length ? Partitions[partition] : null;

    /// <summary>This topic with every partition led by <paramref name="nodeId"/> alone at epoch 0: a single-node broker's topics.</summary>
    public TopicInfo WithLocalPartitions(int nodeId)
    {
        var builder = ImmutableArray.CreateBuilder<PartitionRegistration>(PartitionCount);
        for (int p = 0; p < PartitionCount; p++)
        {
            builder.Add(p < Partitions.Length ? Partitions[p] : LocalPartition(p, nodeId));
        }
        return this with { Partitions = builder.MoveToImmutable() };
    }

    /// <summary>Equal when every field is, configs and partitions compared by content.</summary>
    public bool Equals(TopicInfo? other) =>
        other is not null
        && Name == other.Name
        && TopicId == other.TopicId
        && PartitionCount == other.PartitionCount
        && ReplicationFactor == other.ReplicationFactor
        && Configs.Count == other.Configs.Count
        && Configs.All(c => other.Configs.TryGetValue(c.Key, out string? value) && value == c.Value)
        && Partitions.Length == other.Partitions.Length
        && Partitions.Zip(other.Partitions).All(pair => !pair.First.DiffersFrom(pair.Second));

    public override int GetHashCode() => HashCode.Combine(Name, TopicId, PartitionCount, ReplicationFactor, Configs.Count);

    private static PartitionRegistration LocalPartition(int partition, int nodeId) =>
        new(partition, [nodeId], [nodeId], [], [], nodeId, 0, 0, 0);
}
