using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Groups.Share;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Groups;

/// <summary>
/// Kafka's group coordinator: groups and their committed offsets, kept as records in the compacted
/// internal topic __consumer_offsets. Each partition of that topic is a <see cref="CoordinatorShard"/>
/// coordinating the groups that hash to it; a shard serves once its partition has been replayed.
/// </summary>
public sealed partial class GroupCoordinator : IDisposable
{
    private readonly TopicRegistry _topics;
    private readonly ReplicaManager? _replicas;
    private readonly TimeProvider _time;
    private readonly ClassicGroupCoordinator _classic;
    private readonly ConsumerGroupCoordinator _consumer;
    private readonly ShareGroupCoordinator _share;
    private readonly OffsetCommitter _offsets;
    private readonly Lock _startLock = new();
    private readonly ITimer _expiry;
    // One slot per partition of __consumer_offsets; null where this broker does not coordinate the partition.
    private volatile CoordinatorShard?[]? _shards;
    private volatile bool _disposed;

    public GroupCoordinator(GroupCoordinatorOptions options, TopicRegistry topics, ReplicaManager? replicas, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topics);
        Options = options;
        _topics = topics;
        _replicas = replicas;
        _time = time ?? TimeProvider.System;
        _classic = new ClassicGroupCoordinator(options);
        _consumer = new ConsumerGroupCoordinator(options, topics, Replay);
        _share = new ShareGroupCoordinator(topics, groupId => ShareSettingsOf(groupId).Membership);
        _share.MemberLeft += (groupId, memberId) => ShareMemberLeft?.Invoke(groupId, memberId);
        _offsets = new OffsetCommitter(options);
        var interval = TimeSpan.FromMilliseconds(options.OffsetsRetentionCheckIntervalMs);
        _expiry = _time.CreateTimer(_ => ExpireOffsets(), null, interval, interval);
        if (_topics.Find(TopicNames.ConsumerOffsets) is not null)
        {
            // The broker leads every partition of an existing topic from the start: load them now.
            StartShards(loadInBackground: true);
        }
    }

    public GroupCoordinatorOptions Options { get; }

    /// <summary>The partition of __consumer_offsets that coordinates the group.</summary>
    public int PartitionFor(string groupId) =>
        GroupPartitioner.PartitionFor(groupId, _topics.Find(TopicNames.ConsumerOffsets)?.PartitionCount ?? Options.OffsetsTopicNumPartitions);

    /// <summary>
    /// For FindCoordinator: creates __consumer_offsets on first use, as Kafka does, and says whether the
    /// group's coordinator can serve (NONE), is loading, or is not available.
    /// </summary>
    public ErrorCode EnsureCoordinator(string groupId)
    {
        if (_replicas is null)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (_shards is null)
        {
            if (!CreateOffsetsTopic())
            {
                return ErrorCode.CoordinatorNotAvailable;
            }
            StartShards(loadInBackground: false);
        }
        return TryGetShard(groupId, out _);
    }

    /// <summary>The shard of a group, or the error a group request gets (COORDINATOR_LOAD_IN_PROGRESS, ...).</summary>
    public ErrorCode TryGetShard(string groupId, out CoordinatorShard shard)
    {
        shard = null!;
        var shards = _shards;
        if (_disposed)
        {
            return ErrorCode.NotCoordinator;
        }
        if (shards is null || shards.Length == 0)
        {
            // A single node: nobody found a coordinator yet, so the topic and every group are still to come.
            // In a cluster: this broker leads no partition of the topic.
            return _followsImage ? ErrorCode.NotCoordinator : ErrorCode.CoordinatorNotAvailable;
        }
        var found = shards[GroupPartitioner.PartitionFor(groupId, shards.Length)];
        if (found is null)
        {
            return ErrorCode.NotCoordinator;
        }
        shard = found;
        return shard.IsLoaded ? ErrorCode.None : ErrorCode.CoordinatorLoadInProgress;
    }

    /// <summary>Every loaded shard (ListGroups asks them all).</summary>
    public IReadOnlyList<CoordinatorShard> LoadedShards => (IReadOnlyList<CoordinatorShard>?)_shards?.OfType<CoordinatorShard>().Where(s => s.IsLoaded).ToList() ?? [];

    /// <summary>Whether every shard is loaded (ListGroups answers COORDINATOR_LOAD_IN_PROGRESS otherwise).</summary>
    public bool AllShardsLoaded => _shards?.All(s => s is null || s.IsLoaded) ?? true;

    public async Task<JoinGroupResult> JoinGroupAsync(ClassicJoinRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Options.RebalanceProtocols.Contains("classic"))
        {
            return JoinGroupResult.Failed(ErrorCode.UnsupportedVersion, request.MemberId);
        }
        var error = TryGetShard(request.GroupId, out var shard);
        if (error != ErrorCode.None)
        {
            return JoinGroupResult.Failed(error, request.MemberId);
        }
        Task<JoinGroupResult> join;
        lock (shard.Lock)
        {
            if (!shard.IsLoaded)
            {
                return JoinGroupResult.Failed(ErrorCode.NotCoordinator, request.MemberId); // unloaded since it was found
            }
            join = _classic.Join(shard, request);
        }
        return await join.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SyncGroupResult> SyncGroupAsync(string groupId, string memberId, string? groupInstanceId, int generationId,
        string? protocolType, string? protocolName, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments, CancellationToken cancellationToken)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return SyncGroupResult.Failed(error);
        }
        Task<SyncGroupResult> sync;
        lock (shard.Lock)
        {
            if (!shard.IsLoaded)
            {
                return SyncGroupResult.Failed(ErrorCode.NotCoordinator);
            }
            sync = _classic.Sync(shard, groupId, memberId, groupInstanceId, generationId, protocolType, protocolName, assignments);
        }
        return await sync.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ErrorCode Heartbeat(string groupId, string memberId, string? groupInstanceId, int generationId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        lock (shard.Lock)
        {
            return _classic.Heartbeat(shard, groupId, memberId, groupInstanceId, generationId);
        }
    }

    /// <summary>LeaveGroup: one error for the request, and one per member leaving.</summary>
    public (ErrorCode Error, ErrorCode[] MemberErrors) LeaveGroup(string groupId, IReadOnlyList<(string MemberId, string? GroupInstanceId)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var memberErrors = new ErrorCode[members.Count];
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, memberErrors);
        }
        lock (shard.Lock)
        {
            if (shard.Groups.GetValueOrDefault(groupId) is not ClassicGroup)
            {
                return (ErrorCode.UnknownMemberId, memberErrors);
            }
            for (int i = 0; i < members.Count; i++)
            {
                memberErrors[i] = _classic.Leave(shard, groupId, members[i].MemberId, members[i].GroupInstanceId);
            }
        }
        return (ErrorCode.None, memberErrors);
    }

    /// <summary>
    /// The broker is stopping: members waiting in JoinGroup or SyncGroup are answered NOT_COORDINATOR
    /// (they look for the coordinator again, as when Kafka moves one), so no connection waits out a
    /// rebalance timeout, and later group requests get the same answer.
    /// </summary>
    public void Resign()
    {
        var shards = _shards;
        lock (_startLock)
        {
            _disposed = true;
        }
        foreach (var shard in shards ?? [])
        {
            if (shard is not null)
            {
                AnswerWaitersNotCoordinator(shard);
            }
        }
    }

    /// <summary>Members waiting in JoinGroup or SyncGroup on the shard are answered NOT_COORDINATOR.</summary>
    private static void AnswerWaitersNotCoordinator(CoordinatorShard shard)
    {
        lock (shard.Lock)
        {
            foreach (var group in shard.Groups.Values.OfType<ClassicGroup>())
            {
                foreach (var member in group.Members)
                {
                    member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.NotCoordinator, member.MemberId));
                    member.AwaitingJoin = null;
                    member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.NotCoordinator));
                    member.AwaitingSync = null;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_startLock)
        {
            _disposed = true;
        }
        _expiry.Dispose();
        foreach (var shard in _shards ?? [])
        {
            shard?.Dispose();
        }
    }

    private bool CreateOffsetsTopic()
    {
        if (_topics.Find(TopicNames.ConsumerOffsets) is not null)
        {
            return true;
        }
        var configs = OffsetsTopicConfigs();
        // One broker can hold one replica; more come with a cluster.
        short replicationFactor = Math.Min(Options.OffsetsTopicReplicationFactor, (short)1);
        var result = _topics.Create(new TopicSpec(TopicNames.ConsumerOffsets, Options.OffsetsTopicNumPartitions, replicationFactor, configs), validateOnly: false);
        return !result.Error.IsError || result.Error.Code == ErrorCode.TopicAlreadyExists;
    }

    private void StartShards(bool loadInBackground)
    {
        CoordinatorShard[] shards;
        lock (_startLock)
        {
            if (_shards is not null || _disposed || _followsImage)
            {
                return;
            }
            var topic = _topics.Find(TopicNames.ConsumerOffsets)!;
            var compression = (CompressionCodec)Options.OffsetsTopicCompressionCodec;
            shards = new CoordinatorShard[topic.PartitionCount];
            for (int p = 0; p < shards.Length; p++)
            {
                var log = _replicas!.Find(TopicNames.ConsumerOffsets, p)
                    ?? throw new InvalidOperationException($"{TopicNames.ConsumerOffsets}-{p} has no log.");
                shards[p] = new CoordinatorShard(p, log, _time, compression, OnDeadline);
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

    private void LoadAll(CoordinatorShard?[] shards)
    {
        try
        {
            foreach (var shard in shards)
            {
                shard?.Load(Load);
            }
        }
        catch (ObjectDisposedException)
        {
            // The broker stopped while it was still loading; the shards left stay unloaded.
        }
    }

    /// <summary>Applies one entry of the log while loading: records at their offsets, and transaction markers.</summary>
    private void Load(CoordinatorShard shard, CoordinatorLogEntry entry)
    {
        switch (entry)
        {
            case { Marker: not TransactionResult.None }:
                OffsetCommitter.CompleteTransaction(shard, entry.ProducerId, entry.Marker == TransactionResult.Commit);
                break;
            case { Record: { Key: OffsetCommitKey key } record }:
                OffsetCommitter.Replay(shard, key, record.Value as OffsetCommitValue, entry.Offset, entry.ProducerId);
                break;
            case { Record: { } record }:
                Replay(shard, record);
                break;
        }
    }

    /// <summary>Applies a group record, while loading or as a change is made.</summary>
    private void Replay(CoordinatorShard shard, CoordinatorRecord record)
    {
        if (ConsumerGroupReplay.TryApply(shard, record, Options.ConsumerGroupSessionTimeoutMs))
        {
            return;
        }
        if (ShareGroupReplay.TryApply(shard, record, groupId => ShareSettingsOf(groupId).Membership))
        {
            return;
        }
        switch (record.Key, record.Value)
        {
            case (OffsetCommitKey key, var value):
                OffsetCommitter.Replay(shard, key, value as OffsetCommitValue, recordOffset: -1, RecordBatchHeader.NoProducerId);
                break;
            case (GroupMetadataKey key, GroupMetadataValue value):
                var group = ClassicGroupRecords.FromValue(key.Group, value, shard.NowMs);
                shard.Groups[key.Group] = group;
                shard.Schedule(key.Group, group.Members.Count == 0 ? long.MaxValue : group.Members.Min(m => m.HeartbeatDeadlineMs));
                break;
            case (GroupMetadataKey key, null):
                if (shard.Groups.GetValueOrDefault(key.Group) is ClassicGroup)
                {
                    shard.Groups.Remove(key.Group);
                }
                break;
        }
    }

    private void OnDeadline(CoordinatorShard shard, string groupId, long now)
    {
        switch (shard.Groups.GetValueOrDefault(groupId))
        {
            case ClassicGroup classic:
                _classic.OnDeadline(shard, classic, now);
                break;
            case ConsumerGroup consumer:
                _consumer.OnDeadline(shard, consumer, now);
                break;
            case ShareGroup share:
                _share.OnDeadline(shard, share, now);
                break;
        }
    }

    /// <summary>One pass of offset expiry (offsets.retention.check.interval.ms runs it on a timer).</summary>
    internal void ExpireOffsets()
    {
        foreach (var shard in LoadedShards)
        {
            lock (shard.Lock)
            {
                _offsets.ExpireOffsets(shard);
            }
        }
    }
}
