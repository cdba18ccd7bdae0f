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
}
