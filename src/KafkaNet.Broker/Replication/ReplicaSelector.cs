using KafkaNet.Broker.Metadata;

namespace KafkaNet.Broker.Replication;

/// <summary>
/// replica.selector.class (KIP-392): which replica a consumer that names its rack (client.rack) should read from.
/// Unset, consumers read from the leader only; the rack-aware selector points a consumer to an in-sync replica in
/// its rack. No other selector exists here, so any other class name is refused at startup.
/// </summary>
public static class ReplicaSelector
{
    /// <summary>Kafka's rack-aware selector, the one value replica.selector.class accepts.</summary>
    public const string RackAwareClassName = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

    /// <summary>No preferred read replica: the consumer goes on reading where it is.</summary>
    public const int None = -1;

    /// <summary>True for an unset selector (leader only) and for the rack-aware one.</summary>
    public static bool IsKnown(string? className) => className is null || className == RackAwareClassName;

    /// <summary>True when <paramref name="className"/> names the rack-aware selector.</summary>
    public static bool IsRackAware(string? className) => className == RackAwareClassName;

    /// <summary>
    /// The rack-aware choice for a consumer in <paramref name="clientRack"/> fetching at <paramref name="fetchOffset"/>:
    /// <see cref="None"/> without a rack, when the leader is in it or no candidate is; else the live in-sync follower in
    /// that rack whose log (as its last fetch told) reaches the offset, the furthest ahead first, as Kafka's selector
    /// ranks them. Followers outside the ISR are left out: they may lag without bound.
    /// </summary>
    public static int RackAwarePreferred(ClusterView cluster, PartitionLeaderState state, string? clientRack, long fetchOffset)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(state);
        if (string.IsNullOrEmpty(clientRack) || cluster.Find(state.NodeId)?.Rack == clientRack)
        {
            return None;
        }
        int chosen = None;
        long chosenEnd = -1;
        foreach (int replica in state.Isr)
        {
            if (replica == state.NodeId || cluster.Find(replica) is not { } broker || broker.Rack != clientRack)
            {
                continue;
            }
            long logEnd = state.FollowerLogEndOffset(replica);
            if (logEnd >= fetchOffset && logEnd > chosenEnd)
            {
                (chosen, chosenEnd) = (replica, logEnd);
            }
        }
        return chosen;
    }
}
