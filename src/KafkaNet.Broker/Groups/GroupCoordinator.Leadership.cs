using System.Globalization;
using KafkaNet.Broker.Controller;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// The coordinator in a cluster: __consumer_offsets is a replicated topic created by the controller, and each of
/// its partitions is coordinated by its leader. Shards follow the published leadership: a partition this broker
/// comes to lead (a new leader epoch) is loaded from its log in the background, one it stops leading is unloaded.
/// </summary>
public sealed partial class GroupCoordinator
{
    private const short CreateTopicsVersion = 7;

    private volatile bool _followsImage;
    private int _creatingOffsetsTopic;

    /// <summary>
    /// Follows a published metadata image: <paramref name="offsetsTopic"/> is __consumer_offsets as the image has it
    /// (null when it does not exist). Called after the logs and leader states followed the same image.
    /// </summary>
    public void ApplyLeadership(TopicInfo? offsetsTopic)
    {
        var started = new List<CoordinatorShard>();
        var stopped = new List<CoordinatorShard>();
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
            var next = new CoordinatorShard?[offsetsTopic?.PartitionCount ?? 0];
            for (int p = 0; p < next.Length; p++)
            {
                var current = carryOver && p < previous.Length ? previous[p] : null;
                next[p] = LeaderShard(offsetsTopic!, p, current);
                if (next[p] is { } shard && !ReferenceEquals(shard, current))
                {
                    started.Add(shard);
                }
            }
            stopped.AddRange(previous.OfType<CoordinatorShard>().Where(s => !next.Contains(s)));
            _shards = next;
        }
        foreach (var shard in stopped)
        {
            // Members waiting on a shard that moved look for the new coordinator, as Kafka's unloading tells them.
            shard.Dispose();
            AnswerWaitersNotCoordinator(shard);
        }
        foreach (var shard in started)
        {
            _ = Task.Run(() => LoadAsLeaderAsync(shard));
        }
    }

    /// <summary>
    /// FindCoordinator in a cluster: the leader of the group's partition of __consumer_offsets in
    /// <paramref name="leaderId"/>, or COORDINATOR_NOT_AVAILABLE when the partition has no leader or the topic does
    /// not exist yet; then the controller, when there is one, is asked to create it (with
    /// offsets.topic.replication.factor replicas, at most <paramref name="liveBrokers"/>) and clients retry.
    /// </summary>
    public ErrorCode FindCoordinator(string groupId, IControllerChannel? controller, int liveBrokers, out int leaderId)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        leaderId = -1;
        var topic = _topics.Find(TopicNames.ConsumerOffsets);
        if (topic is null)
        {
            if (controller is not null)
            {
                RequestOffsetsTopic(controller, liveBrokers);
            }
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (topic.PartitionCount < 1 || topic.Partition(GroupPartitioner.PartitionFor(groupId, topic.PartitionCount)) is not { Leader: >= 0 } partition)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        leaderId = partition.Leader;
        return ErrorCode.None;
    }

    /// <summary>The configs __consumer_offsets is created with, as Kafka creates it.</summary>
    private List<KeyValuePair<string, string?>> OffsetsTopicConfigs() =>
    [
        new("cleanup.policy", "compact"),
        new("compression.type", "producer"),
        new("segment.bytes", Options.OffsetsTopicSegmentBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    private CoordinatorShard? LeaderShard(TopicInfo topic, int partition, CoordinatorShard? current)
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
        var leadership = new ShardLeadership(registration.LeaderEpoch, _replicas.Replication?.Find(topic.Name, partition), Options.OffsetsCommitTimeoutMs);
        return new CoordinatorShard(partition, log, _time, (CompressionCodec)Options.OffsetsTopicCompressionCodec, OnDeadline, leadership);
    }

    /// <summary>
    /// Loads a shard that became leader. What it serves is the replicated state: loading waits until the high
    /// watermark reaches the log end this leader started from (at once when it is alone in the ISR).
    /// </summary>
    private async Task LoadAsLeaderAsync(CoordinatorShard shard)
    {
        try
        {
            long end = shard.Log.LogEndOffset;
            if (shard.Leadership?.Replication is { } replication
                && await replication.WaitForHighWatermarkAsync(end, minIsr: 1).ConfigureAwait(false) != ErrorCode.None)
            {
                return; // leadership ended first; the shard is unloaded
            }
            shard.Load(Load, end);
        }
        catch (ObjectDisposedException)
        {
            // The log closed (the broker is stopping or the replica moved); the shard stays unloaded.
        }
    }

    private void RequestOffsetsTopic(IControllerChannel controller, int liveBrokers)
    {
        if (Interlocked.CompareExchange(ref _creatingOffsetsTopic, 1, 0) == 0)
        {
            _ = CreateOffsetsTopicAsync(controller, liveBrokers);
        }
    }

    private async Task CreateOffsetsTopicAsync(IControllerChannel controller, int liveBrokers)
    {
        try
        {
            // As for internal topics created on first use: the replication factor is capped at the brokers alive.
            short replicationFactor = (short)Math.Max(1, Math.Min(Options.OffsetsTopicReplicationFactor, liveBrokers));
            var topic = new CreateTopicsRequest.CreatableTopic
            {
                Name = TopicNames.ConsumerOffsets,
                NumPartitions = Options.OffsetsTopicNumPartitions,
                ReplicationFactor = replicationFactor,
            };
            foreach (var (name, value) in OffsetsTopicConfigs())
            {
                topic.Configs.Add(new CreateTopicsRequest.CreatableTopicConfig { Name = name, Value = value });
            }
            var request = new CreateTopicsRequest { TimeoutMs = Options.OffsetsCommitTimeoutMs, Topics = [topic] };
            await controller.SendAsync<CreateTopicsResponse>(request, CreateTopicsRequest.ApiKey, CreateTopicsVersion, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The topic is asked for again by the next FindCoordinator, as clients retry.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            Volatile.Write(ref _creatingOffsetsTopic, 0);
        }
    }
}
