using System.Collections.Immutable;

namespace KafkaNet.Broker.Topics;

/// <summary>What the broker knows about one topic. Immutable: a change makes a new instance.</summary>
public sealed record TopicInfo(
    string Name,
    Guid TopicId,
    int PartitionCount,
    short ReplicationFactor,
    ImmutableSortedDictionary<string, string> Configs)
{
    public bool IsInternal => TopicNames.IsInternal(Name);

    /// <summary>Equal when every field is, configs compared by content (the dictionary itself compares by reference).</summary>
    public bool Equals(TopicInfo? other) =>
        other is not null
        && Name == other.Name
        && TopicId == other.TopicId
        && PartitionCount == other.PartitionCount
        && ReplicationFactor == other.ReplicationFactor
        && Configs.Count == other.Configs.Count
        && Configs.All(c => other.Configs.TryGetValue(c.Key, out string? value) && value == c.Value);

    public override int GetHashCode() => HashCode.Combine(Name, TopicId, PartitionCount, ReplicationFactor, Configs.Count);
}
