using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// Kafka's share coordinator: the persisted delivery state of every share-partition, kept as records in the internal topic
/// __share_group_state. Each partition of that topic is a <see cref="ShareCoordinatorShard"/> keeping the share-partitions
/// whose coordinator key hashes to it; a shard serves once its partition has been replayed, and only on the partition's
/// leader. The topic is created on first need, as Kafka does.
/// </summary>
public sealed partial class ShareCoordinator : IDisposable
{
    private const string StateTopic = TopicNames.ShareGroupState;

    private readonly TopicRegistry _topics;
    private readonly ReplicaManager? _replicas;
    private readonly TimeProvider _time;
    private readonly Lock _startLock = new();
    // One slot per partition of __share_group_state; null where this broker does not lead the partition.
    private volatile ShareCoordinatorShard?[]? _shards;
    private readonly ITimer _coldSnapshots;
    private volatile bool _disposed;

    public ShareCoordinator(ShareCoordinatorOptions options, TopicRegistry topics, ReplicaManager? replicas, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        Options = options;
        _topics = topics;
        _replicas = replicas;
        _time = time ?? TimeProvider.System;
        var interval = TimeSpan.FromMilliseconds(options.ColdPartitionSnapshotIntervalMs);
        _coldSnapshots = _time.CreateTimer(_ => SnapshotColdPartitions(), null, interval, interval);
        if (_topics.Find(StateTopic) is not null && _replicas is not null)
        {
            // A single node leads every partition of an existing topic from the start: load them now.
            StartLocalShards(loadInBackground: true);
        }
    }

    public ShareCoordinatorOptions Options { get; }

    /// <summary>The partition of __share_group_state that keeps the share-partition's state.</summary>
    public int PartitionFor(SharePartitionKey key) =>
        ShareCoordinatorPartitioner.PartitionFor(key, _topics.Find(StateTopic)?.PartitionCount ?? Options.StateTopicNumPartitions);

    /// <summary>
    /// The shard keeping a share-partition, or the error its request gets: NOT_COORDINATOR when another broker leads
    /// the partition (or the broker is stopping), COORDINATOR_LOAD_IN_PROGRESS while it is replayed (or its leadership not
    /// yet applied), COORDINATOR_NOT_AVAILABLE while the topic does not exist yet.
    /// </summary>
    internal ErrorCode TryGetShard(SharePartitionKey key, out ShareCoordinatorShard shard)
    {
        shard = null!;
        var shards = _shards;
        if (_disposed)
        {
            return ErrorCode.NotCoordinator;
        }
        if (shards is null || shards.Length == 0)
        {
            // The topic exists but its leadership is not applied yet (the image that brought it is still being published).
            return _topics.Find(StateTopic) is not null ? ErrorCode.CoordinatorLoadInProgress : ErrorCode.CoordinatorNotAvailable;
        }
        var found = shards[ShareCoordinatorPartitioner.PartitionFor(key, shards.Length)];
        if (found is null)
        {
            return ErrorCode.NotCoordinator;
        }
        shard = found;
        return shard.IsLoaded ? ErrorCode.None : ErrorCode.CoordinatorLoadInProgress;
    }

    public void Dispose()
    {
        lock (_startLock)
        {
            _disposed = true;
        }
        _coldSnapshots.Dispose();
        foreach (var shard in _shards ?? [])
        {
            shard?.Dispose();
        }
    }

    private void SnapshotColdPartitions()
    {
        foreach (var shard in _shards ?? [])
        {
            if (shard is not null && !_disposed)
            {
                _ = SnapshotColdPartitionsAsync(shard);
            }
        }
    }

    private async Task SnapshotColdPartitionsAsync(ShareCoordinatorShard shard)
    {
        if (await shard.SnapshotColdPartitions(Options.ColdPartitionSnapshotIntervalMs).ConfigureAwait(false) != ErrorCode.None)
        {
            shard.Reload(); // the next pass tries again
        }
    }

    /// <summary>What the shards of the topic share; writes wait for its min.insync.replicas.</summary>
    private ShareCoordinatorShardSettings ShardSettings(TopicInfo topic) =>
        new(Options.SnapshotUpdateRecordsPerSnapshot, PartitionExists, Options.StateTopicCompressionCodec, MinInsyncReplicas(topic), _time);

    private static int MinInsyncReplicas(TopicInfo topic) =>
        topic.Configs.TryGetValue("min.insync.replicas", out string? value) && int.TryParse(value, out int minIsr) && minIsr > 0 ? minIsr : 1;

    private bool PartitionExists(Guid topicId, int partition) => _topics.Find(topicId) is { } topic && partition < topic.PartitionCount;
}
