using System.Collections.Immutable;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// How a partition is described to clients given the live brokers: a leader that is not live is
/// reported as -1 with LEADER_NOT_AVAILABLE, and replicas on brokers not live are offline, as
/// Kafka's metadata answers say.
/// </summary>
public readonly record struct PartitionReport(ErrorCode Error, int LeaderId, List<int> OfflineReplicas)
{
    public static PartitionReport Of(PartitionRegistration partition, ImmutableSortedDictionary<int, ClusterBroker> live)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(live);
        bool leaderLive = live.ContainsKey(partition.Leader);
        return new PartitionReport(
            leaderLive ? ErrorCode.None : ErrorCode.LeaderNotAvailable,
            leaderLive ? partition.Leader : PartitionRegistration.NoLeader,
            [.. partition.Replicas.Where(r => !live.ContainsKey(r))]);
    }
}
