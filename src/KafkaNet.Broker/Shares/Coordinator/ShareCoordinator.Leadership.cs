using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// Which shards this broker serves. In a cluster __share_group_state is a replicated topic and each partition is kept by
/// its leader: shards follow the published leadership, a partition this broker comes to lead (a new leader epoch) is
/// loaded from its log in the background and one it stops leading is unloaded. A single node without metadata leads
/// every partition of the topic it creates itself.
/// </summary>
public sealed partial class ShareCoordinator
{
    private volatile bool _followsImage;

    /// <summary>
    /// Follows a published metadata image: <paramref name="stateTopic"/> is __share_group_state as the image has it (null
    /// when it does not exist). Called after the logs and leader states followed the same image.
    /// </summary>
    public void ApplyLeadership(TopicInfo? stateTopic)
    {
        var started = new List<ShareCoordinatorShard>();
        var stopped = new List<ShareCoordinatorShard>();
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }
            // Shards of a single node, made before any image, never carry over: the image's epochs replace them.
            var previous = _shards ?? [];
            bool carryOver = _followsImage;
            _followsImage = true;
            var next = new ShareCoordinatorShard?[stateTopic?.PartitionCount ?? 0];
            var settings = stateTopic is null ? null : ShardSettings(stateTopic);
            for (int p = 0; p < next.Length; p++)
            {
                var current = carryOver && p < previous.Length ? previous[p] : null;
                next[p] = LeaderShard(stateTopic!, p, current, settings!);
                if (next[p] is { } shard && !ReferenceEquals(shard, current))
                {
                    started.Add(shard);
                }
            }
            stopped.AddRange(previous.OfType<ShareCoordinatorShard>().Where(s => !next.Contains(s)));
            _shards = next;
        }
        foreach (var shard in stopped)
        {
            shard.Dispose();
        }
        foreach (var shard in started)
        {
            _ = Task.Run(() => LoadAsLeaderAsync(shard));
        }
    }

    /// <summary>
    /// FindCoordinator with key type 2 on a single node: creates __share_group_state on first use and answers NONE once
    /// this broker, which leads every partition, can serve the key, or the shard's error meanwhile.
    /// </summary>
    public ErrorCode EnsureCoordinator(SharePartitionKey key)
    {
        if (_replicas is null)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (_shards is null)
        {
            if (!CreateStateTopicLocally())
            {
                return ErrorCode.CoordinatorNotAvailable;
            }
            StartLocalShards(loadInBackground: false);
        }
        return TryGetShard(key, out _);
    }

    /// <summary>
    /// FindCoordinator with key type 2 in a cluster: the leader of the key's partition in <paramref name="leaderId"/>, or
    /// COORDINATOR_NOT_AVAILABLE while the partition has no leader or the topic does not exist yet; then the controller is
    /// asked to create it (with share.coordinator.state.topic.replication.factor replicas, at most
    /// <paramref name="liveBrokers"/>) and clients retry.
    /// </summary>
    public ErrorCode FindCoordinator(string coordinatorKey, Controller.IControllerChannel? controller, int liveBrokers, out int leaderId)
    {
        ArgumentNullException.ThrowIfNull(coordinatorKey);
        leaderId = -1;
        var topic = _topics.Find(StateTopic);
        if (topic is null)
        {
            if (controller is not null)
            {
                RequestStateTopic(controller, liveBrokers);
            }
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (topic.PartitionCount < 1
            || topic.Partition(ShareCoordinatorPartitioner.PartitionFor(coordinatorKey, topic.PartitionCount)) is not { Leader: >= 0 } partition)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        leaderId = partition.Leader;
        return ErrorCode.None;
    }

    private ShareCoordinatorShard? LeaderShard(TopicInfo topic, int partition, ShareCoordinatorShard? current, ShareCoordinatorShardSettings settings)
    {
        if (topic.Partition(partition) is not { } registration || registration.Leader != _topics.NodeId
            || _replicas?.Find(topic.Name, partition) is not { } log)
        {
            return null;
        }
        if (current is not null && current.LeaderEpoch == registration.LeaderEpoch && ReferenceEquals(current.Log, log))
        {
            return current;
        }
        var leadership = new ShardLeadership(registration.LeaderEpoch, _replicas.Replication?.Find(topic.Name, partition), Options.WriteTimeoutMs);
        return new ShareCoordinatorShard(partition, log, leadership, settings);
    }

    /// <summary>
    /// Loads a shard that became leader. What it serves is the replicated state: loading waits until the high watermark
    /// reaches the log end this leader started from (at once when it is alone in the ISR).
    /// </summary>
    private static async Task LoadAsLeaderAsync(ShareCoordinatorShard shard)
    {
        try
        {
            long end = shard.Log.LogEndOffset;
            if (shard.Leadership?.Replication is { } replication
                && await replication.WaitForHighWatermarkAsync(end, minIsr: 1).ConfigureAwait(false) != ErrorCode.None)
            {
                return; // leadership ended first; the shard is unloaded
            }
            shard.Load(end);
        }
        catch (ObjectDisposedException)
        {
            // The log closed (the broker is stopping or the replica moved); the shard stays unloaded.
        }
    }

    private bool CreateStateTopicLocally()
    {
        if (_topics.Find(StateTopic) is not null)
        {
            return true;
        }
        // One broker can hold one replica; more come with a cluster.
        var spec = new TopicSpec(StateTopic, Options.StateTopicNumPartitions, 1, StateTopicConfigs(replicationFactor: 1));
        var result = _topics.Create(spec, validateOnly: false);
        return !result.Error.IsError || result.Error.Code == ErrorCode.TopicAlreadyExists;
    }

    private void StartLocalShards(bool loadInBackground)
    {
        ShareCoordinatorShard[] shards;
        lock (_startLock)
        {
            if (_shards is not null || _disposed || _followsImage)
            {
                return;
            }
            var topic = _topics.Find(StateTopic)!;
            var settings = ShardSettings(topic);
            shards = new ShareCoordinatorShard[topic.PartitionCount];
            for (int p = 0; p < shards.Length; p++)
            {
                var log = _replicas!.Find(StateTopic, p) ?? throw new InvalidOperationException($"{StateTopic}-{p} has no log.");
                shards[p] = new ShareCoordinatorShard(p, log, null, settings);
            }
            _shards = shards;
        }
        if (loadInBackground)
        {
            _ = Task.Run(() => LoadAll(shards));
        }
        else
        {
            LoadAll(shards);
        }
    }

    private static void LoadAll(ShareCoordinatorShard[] shards)
    {
        try
        {
            foreach (var shard in shards)
            {
                shard.Load(shard.Log.LogEndOffset);
            }
        }
        catch (ObjectDisposedException)
        {
            // The broker stopped while it was still loading; the shards left stay unloaded.
        }
    }
}
