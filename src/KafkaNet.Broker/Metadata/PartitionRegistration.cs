using System.Collections.Immutable;

namespace KafkaNet.Broker.Metadata;

/// <summary>The assignment and leadership of one partition.</summary>
public sealed record PartitionRegistration(
    int PartitionId,
    ImmutableArray<int> Replicas,
    ImmutableArray<int> Isr,
    ImmutableArray<int> RemovingReplicas,
    ImmutableArray<int> AddingReplicas,
    int Leader,
    sbyte LeaderRecoveryState,
    int LeaderEpoch,
    int PartitionEpoch)
{
    /// <summary>The leader of a partition that has none.</summary>
    public const int NoLeader = -1;

    /// <summary>The Leader of a PartitionChangeRecord that leaves the leader as it is.</summary>
    public const int NoLeaderChange = -2;

    /// <summary>The LeaderRecoveryState of a PartitionChangeRecord that leaves it as it is.</summary>
    public const sbyte NoRecoveryStateChange = -1;

    /// <summary>True when any field differs; arrays compare by content.</summary>
    public bool DiffersFrom(PartitionRegistration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return PartitionId != other.PartitionId || Leader != other.Leader || LeaderEpoch != other.LeaderEpoch
            || PartitionEpoch != other.PartitionEpoch || LeaderRecoveryState != other.LeaderRecoveryState
            || !Replicas.SequenceEqual(other.Replicas) || !Isr.SequenceEqual(other.Isr)
            || !RemovingReplicas.SequenceEqual(other.RemovingReplicas) || !AddingReplicas.SequenceEqual(other.AddingReplicas);
    }
}
