using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>
/// Rebuilds share groups from their records when a partition of __consumer_offsets loads. Records may come in any
/// order compaction leaves them in; a member restored this way gets a full session from the time of loading.
/// </summary>
internal static class ShareGroupReplay
{
    /// <summary>Applies the record if it is a share-group record; false for any other.</summary>
    public static bool TryApply(CoordinatorShard shard, CoordinatorRecord record, Func<string, ShareGroupConfig> configOf)
    {
        if (!Apply(shard, record, configOf))
        {
            return false;
        }
        // A restored member is fenced unless it heartbeats within a session of the load.
        if (GroupIdOf(record.Key) is { } groupId && Existing(shard, groupId) is { } group)
        {
            ShareGroupCoordinator.ScheduleNext(shard, group);
        }
        return true;
    }

    private static string? GroupIdOf(Protocol.IKafkaMessage key) => key switch
    {
        ShareGroupMemberMetadataKey k => k.GroupId,
        ShareGroupCurrentMemberAssignmentKey k => k.GroupId,
        _ => null,
    };

    private static bool Apply(CoordinatorShard shard, CoordinatorRecord record, Func<string, ShareGroupConfig> configOf)
    {
        switch (record.Key)
        {
            case ShareGroupMetadataKey key:
                if (record.Value is ShareGroupMetadataValue epoch)
                {
                    GetOrCreate(shard, key.GroupId, configOf)?.RestoreEpochs(epoch.Epoch, null);
                }
                else if (shard.Groups.GetValueOrDefault(key.GroupId) is ShareGroup)
                {
                    shard.Groups.Remove(key.GroupId);
                }
                return true;

            case ShareGroupMemberMetadataKey key:
                ApplyMemberMetadata(shard, key, record.Value as ShareGroupMemberMetadataValue, configOf);
                return true;

            case ShareGroupTargetAssignmentMetadataKey key:
                if (record.Value is ShareGroupTargetAssignmentMetadataValue target)
                {
                    GetOrCreate(shard, key.GroupId, configOf)?.RestoreEpochs(null, target.AssignmentEpoch);
                }
                return true;

            case ShareGroupTargetAssignmentMemberKey key:
                var partitions = record.Value is ShareGroupTargetAssignmentMemberValue member
                    ? ShareGroupRecords.PartitionsOf(member.TopicPartitions.Select(t => (t.TopicId, (IEnumerable<int>)t.Partitions)))
                    : null;
                (partitions is null ? Existing(shard, key.GroupId) : GetOrCreate(shard, key.GroupId, configOf))?.RestoreTargetAssignment(key.MemberId, partitions);
                return true;

            case ShareGroupCurrentMemberAssignmentKey key:
                if (record.Value is ShareGroupCurrentMemberAssignmentValue current && GetOrCreate(shard, key.GroupId, configOf) is { } group)
                {
                    var restored = Member(shard, group, key.MemberId);
                    restored.MemberEpoch = current.MemberEpoch;
                    restored.PreviousMemberEpoch = current.PreviousMemberEpoch;
                    restored.AssignedPartitions = ShareGroupRecords.PartitionsOf(current.AssignedPartitions.Select(t => (t.TopicId, (IEnumerable<int>)t.Partitions)));
                }
                return true;

            case ShareGroupStatePartitionMetadataKey key:
                if (record.Value is ShareGroupStatePartitionMetadataValue state)
                {
                    GetOrCreate(shard, key.GroupId, configOf)?.RestoreInitializedPartitions(
                        ShareGroupRecords.PartitionsOf(state.InitializedTopics.Select(t => (t.TopicId, (IEnumerable<int>)t.Partitions))));
                }
                return true;

            default:
                return false;
        }
    }

    private static void ApplyMemberMetadata(CoordinatorShard shard, ShareGroupMemberMetadataKey key, ShareGroupMemberMetadataValue? value,
        Func<string, ShareGroupConfig> configOf)
    {
        if (value is null)
        {
            Existing(shard, key.GroupId)?.RemoveMember(key.MemberId);
            return;
        }
        if (GetOrCreate(shard, key.GroupId, configOf) is not { } group)
        {
            return;
        }
        var member = Member(shard, group, key.MemberId);
        member.RackId = value.RackId;
        member.ClientId = value.ClientId;
        member.ClientHost = value.ClientHost;
        member.SubscribedTopicNames = [.. value.SubscribedTopicNames];
    }

    private static ShareGroupMember Member(CoordinatorShard shard, ShareGroup group, string memberId) =>
        group.RestoreMember(memberId, shard.NowMs + group.Config.SessionTimeoutMs);

    private static ShareGroup? Existing(CoordinatorShard shard, string groupId) => shard.Groups.GetValueOrDefault(groupId) as ShareGroup;

    /// <summary>The share group of that id, created when missing; null when the id belongs to a group of another type.</summary>
    private static ShareGroup? GetOrCreate(CoordinatorShard shard, string groupId, Func<string, ShareGroupConfig> configOf)
    {
        switch (shard.Groups.GetValueOrDefault(groupId))
        {
            case ShareGroup existing:
                return existing;
            case null:
                var group = new ShareGroup(groupId, configOf(groupId));
                shard.Groups[groupId] = group;
                return group;
            default:
                return null;
        }
    }
}
