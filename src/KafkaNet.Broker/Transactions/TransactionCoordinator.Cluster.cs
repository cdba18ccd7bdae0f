using System.Globalization;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// The coordinator in a cluster: __transaction_state is created through the controller, each partition's shard is
/// loaded when this broker becomes its leader and dropped when it stops leading, producer ids come from the
/// controller in blocks, and log writes count once the partition's ISR has them.
/// </summary>
public sealed partial class TransactionCoordinator
{
    private const short CreateTopicsVersion = 7;
    private const short AllocateProducerIdsVersion = 0;
    private const int CreateTopicsTimeoutMs = 30_000;

    private volatile KafkaBroker? _broker;
    private Task? _creating;

    /// <summary>Whether this broker is part of a cluster: a controller to ask and a metadata image to follow.</summary>
    private bool InCluster => _broker is { Controller: not null } && _topics.FollowsImage;

    /// <summary>
    /// For FindCoordinator with key type 1: NONE with the broker leading the id's partition of __transaction_state in
    /// <paramref name="leaderId"/>; COORDINATOR_NOT_AVAILABLE while the topic is being created (its creation is asked
    /// for here, as Kafka does on first use) or the partition has no leader. A single node answers with itself.
    /// </summary>
    public ErrorCode EnsureCoordinator(string transactionalId, out int leaderId)
    {
        ArgumentNullException.ThrowIfNull(transactionalId);
        leaderId = -1;
        if (!InCluster)
        {
            var error = EnsureLocalCoordinator();
            leaderId = error == ErrorCode.None ? _topics.NodeId : -1;
            return error;
        }
        var topic = _topics.Find(TopicNames.TransactionState);
        if (topic is null)
        {
            RequestTransactionStateTopic();
            return ErrorCode.CoordinatorNotAvailable;
        }
        int leader = topic.Partition(GroupPartitioner.PartitionFor(transactionalId, topic.PartitionCount))?.Leader ?? -1;
        if (leader < 0 || _disposed)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        leaderId = leader;
        return ErrorCode.None;
    }

    /// <summary>
    /// Follows a published metadata image: a shard is loaded for each partition of __transaction_state this broker now
    /// leads (again under a new leader epoch), and dropped for each it no longer leads. Does nothing without a controller.
    /// </summary>
    internal void Follow(KafkaBroker broker)
    {
        _broker = broker;
        if (broker.Controller is null || _replicas is null)
        {
            return;
        }
        var topic = _topics.Find(TopicNames.TransactionState);
        var loads = new List<TransactionShard>();
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }
            var current = _shards ?? [];
            var next = topic is null ? null : new TransactionShard?[topic.PartitionCount];
            for (int p = 0; p < current.Length; p++)
            {
                var old = current[p];
                var registration = next is not null && p < next.Length ? topic!.Partition(p) : null;
                var log = registration is not null && registration.Leader == _topics.NodeId ? _replicas.Find(TopicNames.TransactionState, p) : null;
                if (old is not null && (log is null || old.Log != log || old.CoordinatorEpoch != registration!.LeaderEpoch || old.IsClosed))
                {
                    // Leadership moved away or to a new epoch: requests get NOT_COORDINATOR, a newer epoch reloads.
                    old.Close();
                    current[p] = null;
                }
            }
            for (int p = 0; next is not null && p < next.Length; p++)
            {
                var registration = topic!.Partition(p);
                if (registration is null || registration.Leader != _topics.NodeId || _replicas.Find(TopicNames.TransactionState, p) is not { } log)
                {
                    continue;
                }
                if (p < current.Length && current[p] is { } kept)
                {
                    next[p] = kept;
                    continue;
                }
                int partition = p;
                var shard = new TransactionShard(p, log, registration.LeaderEpoch, (offset, timeoutMs) => WaitStateReplicatedAsync(partition, offset, timeoutMs));
                next[p] = shard;
                loads.Add(shard);
            }
            _shards = next;
        }
        if (loads.Count > 0)
        {
            _ = Task.Run(() => LoadAll(loads));
        }
    }

    /// <summary>Asks the controller for __transaction_state unless a request is already under way.</summary>
    private void RequestTransactionStateTopic()
    {
        lock (_startLock)
        {
            if (_disposed || _creating is { IsCompleted: false })
            {
                return;
            }
            _creating = CreateThroughControllerAsync();
        }
    }

    private async Task CreateThroughControllerAsync()
    {
        var broker = _broker;
        if (broker?.Controller is not { } controller)
        {
            return;
        }
        // The replication factor and min.insync.replicas are capped at the live brokers, so a small cluster still has the topic.
        short replicationFactor = (short)Math.Min(Options.TransactionStateLogReplicationFactor, Math.Max(1, broker.Cluster.Brokers.Count));
        var topic = new CreateTopicsRequest.CreatableTopic
        {
            Name = TopicNames.TransactionState,
            NumPartitions = Options.TransactionStateLogNumPartitions,
            ReplicationFactor = replicationFactor,
        };
        foreach (var (name, value) in TransactionStateConfigs(replicationFactor))
        {
            topic.Configs.Add(new CreateTopicsRequest.CreatableTopicConfig { Name = name, Value = value });
        }
        var request = new CreateTopicsRequest { TimeoutMs = CreateTopicsTimeoutMs, Topics = [topic] };
        try
        {
            var response = await controller.SendAsync<CreateTopicsResponse>(request, CreateTopicsRequest.ApiKey, CreateTopicsVersion, _stopping.Token)
                .ConfigureAwait(false);
            var error = response.Topics.Count > 0 ? (ErrorCode)response.Topics[0].ErrorCode : ErrorCode.UnknownServerError;
            if (error is not ErrorCode.None and not ErrorCode.TopicAlreadyExists)
            {
                TransactionCoordinatorLog.CreateTopicFailed(_logger, error.ToString());
            }
        }
#pragma warning disable CA1031 // The next request for a coordinator asks again.
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            TransactionCoordinatorLog.CreateTopicFailed(_logger, e.Message);
        }
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>The configs Kafka gives __transaction_state; min.insync.replicas is capped at the replicas.</summary>
    private List<(string Name, string Value)> TransactionStateConfigs(short replicationFactor) =>
    [
        ("cleanup.policy", "compact"),
        ("compression.type", "uncompressed"),
        ("unclean.leader.election.enable", "false"),
        ("min.insync.replicas", Math.Min(Options.TransactionStateLogMinIsr, replicationFactor).ToString(CultureInfo.InvariantCulture)),
        ("segment.bytes", Options.TransactionStateLogSegmentBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>
    /// A write to __transaction_state once the ISR has it, with Kafka's mapping of a failed acks=all write of this topic:
    /// leadership lost is NOT_COORDINATOR, too few replicas or a timeout COORDINATOR_NOT_AVAILABLE.
    /// </summary>
    private async Task<ErrorCode> WaitStateReplicatedAsync(int partition, long offset, int timeoutMs) =>
        await WaitReplicatedAsync(new TopicPartition(TopicNames.TransactionState, partition), offset, timeoutMs).ConfigureAwait(false) switch
        {
            ErrorCode.None => ErrorCode.None,
            ErrorCode.NotLeaderOrFollower or ErrorCode.KafkaStorageError => ErrorCode.NotCoordinator,
            _ => ErrorCode.CoordinatorNotAvailable,
        };

    /// <summary>
    /// Waits for the high watermark of a led partition to reach <paramref name="offset"/> (acks=all): NONE, or
    /// NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT. NONE at once without followers.
    /// </summary>
    private async Task<ErrorCode> WaitReplicatedAsync(TopicPartition partition, long offset, int timeoutMs)
    {
        var broker = _broker;
        var state = _replicas?.Replication?.Find(partition.Topic, partition.Partition);
        if (state is null || broker is null)
        {
            return _topics.FollowsImage ? ErrorCode.NotLeaderOrFollower : ErrorCode.None;
        }
        var configs = _topics.Find(partition.Topic)?.Configs;
        int minIsr = configs is null ? 1 : ProduceValidator.MinInsync(broker.TopicConfigResolver, configs);
        try
        {
            return await state.WaitForHighWatermarkAsync(offset, minIsr)
                .WaitAsync(TimeSpan.FromMilliseconds(timeoutMs > 0 ? timeoutMs : Options.TransactionMaxTimeoutMs), _time, _stopping.Token)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return ErrorCode.RequestTimedOut;
        }
        catch (OperationCanceledException)
        {
            return ErrorCode.NotLeaderOrFollower;
        }
    }

    /// <summary>A block of producer ids from the controller, for <see cref="ControllerProducerIds"/>.</summary>
    private async Task<(ErrorCode Error, long Start, int Length)> AllocateProducerIdsAsync(CancellationToken cancellationToken)
    {
        var broker = _broker;
        if (broker?.Controller is not { } controller)
        {
            return (ErrorCode.CoordinatorNotAvailable, -1, 0);
        }
        var request = new AllocateProducerIdsRequest { BrokerId = _topics.NodeId, BrokerEpoch = broker.BrokerEpoch };
        var response = await controller.SendAsync<AllocateProducerIdsResponse>(request, AllocateProducerIdsRequest.ApiKey, AllocateProducerIdsVersion,
            cancellationToken).ConfigureAwait(false);
        return ((ErrorCode)response.ErrorCode, response.ProducerIdStart, response.ProducerIdLen);
    }
}
