using KafkaNet.Broker.Groups.Share;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

public sealed partial class GroupCoordinator
{
    /// <summary>The broker's group.share.* settings; the broker sets them before it serves.</summary>
    public ShareGroupOptions ShareOptions { get; set; } = new();

    /// <summary>Groups' dynamic configs (share.* over the group.share.* defaults); none when not set.</summary>
    public GroupConfigStore? GroupConfigs { get; set; }

    /// <summary>Where share-partition state lives, for deleting a share group's state with the group.</summary>
    public Func<IShareStatePersister>? ShareStatePersister { get; set; }

    /// <summary>Raised with (group id, member id) when a share-group member leaves or its session runs out.</summary>
    public event Action<string, string>? ShareMemberLeft;

    /// <summary>ShareGroupHeartbeat (KIP-932): joins, heartbeats and leaves, answered once its records are written.</summary>
    public async Task<ShareGroupHeartbeatResponse> ShareGroupHeartbeatAsync(ShareGroupHeartbeatRequest request, string clientId, string clientHost,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var error = TryGetShard(request.GroupId, out var shard);
        if (error != ErrorCode.None)
        {
            return ShareGroupCoordinator.Failed(error, null);
        }
        (ShareGroupHeartbeatResponse Response, Task<LogAppendInfo> Write) result;
        lock (shard.Lock)
        {
            result = _share.Heartbeat(shard, request, clientId, clientHost);
        }
        var outcome = await CoordinatorShard.OutcomeOf(result.Write.WaitAsync(cancellationToken)).ConfigureAwait(false);
        return outcome == ErrorCode.None ? result.Response : ShareGroupCoordinator.Failed(outcome, null);
    }

    /// <summary>ShareGroupDescribe for one group; GROUP_ID_NOT_FOUND for a group that is not a share group.</summary>
    public ShareGroupDescribeResponse.Group DescribeShareGroup(string groupId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return new ShareGroupDescribeResponse.Group { GroupId = groupId, ErrorCode = (short)error, ErrorMessage = null, GroupState = "Dead" };
        }
        lock (shard.Lock)
        {
            return _share.Describe(shard, groupId);
        }
    }

    /// <summary>True when the member belongs to the share group now.</summary>
    public bool IsShareGroupMember(string groupId, string memberId)
    {
        if (TryGetShard(groupId, out var shard) != ErrorCode.None)
        {
            return false;
        }
        lock (shard.Lock)
        {
            return shard.Groups.GetValueOrDefault(groupId) is ShareGroup group && group.FindMember(memberId) is not null;
        }
    }

    /// <summary>The partitions a share group has delivery state for; GROUP_ID_NOT_FOUND when it is not a share group.</summary>
    public (ErrorCode Error, IReadOnlyList<ShareTopicPartition> Partitions) ShareGroupStatePartitions(string groupId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, []);
        }
        lock (shard.Lock)
        {
            return shard.Groups.GetValueOrDefault(groupId) is ShareGroup group ? (ErrorCode.None, [.. group.InitializedPartitions]) : (ErrorCode.GroupIdNotFound, []);
        }
    }

    /// <summary>
    /// For AlterShareGroupOffsets and DeleteShareGroupOffsets: NONE when the group is an empty share group (created,
    /// empty, when missing and <paramref name="create"/>), NON_EMPTY_GROUP while it has members, else GROUP_ID_NOT_FOUND.
    /// </summary>
    public async Task<ErrorCode> EnsureEmptyShareGroupAsync(string groupId, bool create)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        Task<LogAppendInfo> write;
        lock (shard.Lock)
        {
            switch (shard.Groups.GetValueOrDefault(groupId))
            {
                case ShareGroup group:
                    return group.IsEmpty ? ErrorCode.None : ErrorCode.NonEmptyGroup;
                case null when create:
                    var created = new ShareGroup(groupId, ShareSettingsOf(groupId).Membership);
                    shard.Groups[groupId] = created;
                    // Seen from an epoch below 0, the new group's records include its epoch record, so a restart finds it.
                    write = shard.Append(ShareGroupRecords.Changes(created, ShareGroupImage.None with { GroupEpoch = -1 }, id => _topics.Find(id)?.Name));
                    break;
                default:
                    return ErrorCode.GroupIdNotFound;
            }
        }
        return await CoordinatorShard.OutcomeOf(write).ConfigureAwait(false);
    }

    /// <summary>Records that partitions of the share group now have state (<paramref name="added"/>) or no longer do.</summary>
    public async Task<ErrorCode> ChangeShareStatePartitionsAsync(string groupId, IReadOnlyCollection<ShareTopicPartition> added, IReadOnlyCollection<ShareTopicPartition> removed)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        Task<LogAppendInfo> write;
        lock (shard.Lock)
        {
            if (shard.Groups.GetValueOrDefault(groupId) is not ShareGroup group)
            {
                return ErrorCode.GroupIdNotFound;
            }
            var before = ShareGroupImage.Of(group);
            group.ChangeInitializedPartitions(added, removed);
            write = shard.Append(ShareGroupRecords.Changes(group, before, id => _topics.Find(id)?.Name));
        }
        return await CoordinatorShard.OutcomeOf(write).ConfigureAwait(false);
    }

    /// <summary>The group's effective share settings: its group configs over the broker's.</summary>
    internal EffectiveShareSettings ShareSettingsOf(string groupId) =>
        new(ShareOptions, GroupConfigs?.Of(groupId) ?? new Dictionary<string, string>());

    /// <summary>
    /// Before an empty share group is deleted: deletes the delivery state of every partition it has state for, as Kafka
    /// does first. NONE for a group that is not an empty share group (the deletion itself answers for it).
    /// </summary>
    private async Task<ErrorCode> DeleteShareGroupStateAsync(string groupId)
    {
        if (TryGetShard(groupId, out var shard) != ErrorCode.None || ShareStatePersister?.Invoke() is not { } persister)
        {
            return ErrorCode.None;
        }
        List<ShareTopicPartition> partitions;
        lock (shard.Lock)
        {
            if (shard.Groups.GetValueOrDefault(groupId) is not ShareGroup { IsEmpty: true } group)
            {
                return ErrorCode.None;
            }
            partitions = [.. group.InitializedPartitions];
        }
        foreach (var partition in partitions)
        {
            var error = await persister.DeleteAsync(new SharePartitionKey(groupId, partition.TopicId, partition.Partition), CancellationToken.None).ConfigureAwait(false);
            if (error != ErrorCode.None)
            {
                return error;
            }
        }
        return ErrorCode.None;
    }
}
