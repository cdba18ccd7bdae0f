using KafkaNet.Broker.Replication;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>The leader's side of KIP-392: sending a consumer that names its rack to a replica in that rack.</summary>
internal static class PreferredReadReplica
{
    /// <summary>
    /// With the rack-aware selector configured and a partition this node leads, answers a consumer's partition with the
    /// preferred replica, the offsets and no records when the selector picks a follower, as Kafka skips the read then.
    /// False, leaving the partition untouched, when the consumer should read here.
    /// </summary>
    public static bool TryRedirect(KafkaBroker broker, string topic, FetchSessionPartition entry, string? clientRack, PartitionLog log, FetchResponse.PartitionData partition)
    {
        if (string.IsNullOrEmpty(clientRack) || !ReplicaSelector.IsRackAware(broker.Options.Cluster.ReplicaSelectorClass)
            || broker.Replicas?.Replication?.Find(topic, entry.Partition) is not { } state)
        {
            return false;
        }
        int preferred = ReplicaSelector.RackAwarePreferred(broker.Cluster, state, clientRack, entry.FetchOffset);
        if (preferred == ReplicaSelector.None)
        {
            return false;
        }
        long highWatermark = log.HighWatermark;
        partition.HighWatermark = highWatermark;
        partition.LastStableOffset = log.LastStableOffsetBelow(highWatermark);
        partition.LogStartOffset = log.LogStartOffset;
        partition.AbortedTransactions = null;
        partition.PreferredReadReplica = preferred;
        return true;
    }
}
