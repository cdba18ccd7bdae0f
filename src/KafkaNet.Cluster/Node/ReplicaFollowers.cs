using KafkaNet.Broker;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Replication;
using KafkaNet.Storage;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// Keeps the replica fetchers in step with the metadata: every partition with a replica here and a leader
/// elsewhere is followed at the leader's epoch; a partition led here, led by nobody, or moved away is not.
/// </summary>
internal sealed class ReplicaFollowers : IAsyncDisposable
{
    private readonly KafkaBroker _broker;
    private readonly ReplicaFetcherManager _fetchers;
    private readonly Lock _lock = new();
    private readonly HashSet<(string Topic, int Partition)> _followed = [];

    public ReplicaFollowers(KafkaBroker broker, BrokerDirectory brokers, Network.NodeClientSecurity? security, ILoggerFactory loggerFactory)
    {
        _broker = broker;
        var cluster = broker.Options.Cluster;
        _fetchers = new ReplicaFetcherManager(
            new ReplicaFetcherOptions
            {
                LocalNodeId = broker.Options.NodeId,
                BrokerEpoch = () => broker.BrokerEpoch,
                ReplicaFetchMaxBytes = cluster.ReplicaFetchMaxBytes,
                ReplicaFetchWaitMaxMs = cluster.ReplicaFetchWaitMaxMs,
                ReplicaFetchMinBytes = cluster.ReplicaFetchMinBytes,
                NumReplicaFetchers = cluster.NumReplicaFetchers,
                Security = security,
            },
            brokers.Resolve,
            (topic, partition) => broker.Replicas?.Find(topic, partition),
            loggerFactory);
        // A follower's high watermark moved: consumers reading from this replica may wake.
        _fetchers.Appended += (topic, partition) => broker.Replicas?.NotifyHighWatermark(new TopicPartition(topic, partition));
    }

    /// <summary>Called after the broker applied <paramref name="update"/>.</summary>
    public void Apply(MetadataUpdate update)
    {
        int self = _broker.Options.NodeId;
        lock (_lock)
        {
            foreach (var change in update.PartitionsChanged)
            {
                var p = change.Current;
                var key = (change.TopicName, p.PartitionId);
                if (p.Replicas.Contains(self) && p.Leader >= 0 && p.Leader != self)
                {
                    _fetchers.Follow(change.TopicName, change.TopicId, p.PartitionId, p.Leader, p.LeaderEpoch);
                    _followed.Add(key);
                }
                else if (_followed.Remove(key))
                {
                    _fetchers.Unfollow(change.TopicName, p.PartitionId);
                }
            }
            foreach (var topic in update.TopicsDeleted)
            {
                foreach (var partition in topic.Partitions.Keys)
                {
                    if (_followed.Remove((topic.Name, partition)))
                    {
                        _fetchers.Unfollow(topic.Name, partition);
                    }
                }
            }
        }
    }

    public ValueTask DisposeAsync() => _fetchers.DisposeAsync();
}
