using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Consumer;

internal sealed partial class ConsumerGroupCoordinator
{
    /// <summary>A heartbeat with epoch 0 (join) or above: the member is created or updated, then reconciled.</summary>
    private (ConsumerGroupHeartbeatResponse, Task<LogAppendInfo>) JoinOrUpdate(
        CoordinatorShard shard, ConsumerGroupHeartbeatRequest request, short version, string clientId, string clientHost,
        Func<string, bool>? mayDescribeTopic)
    {
        string groupId = request.GroupId;
        bool joining = request.MemberEpoch == 0;
        var owned = request.TopicPartitions is null ? null : Assignment.From(request.TopicPartitions, t => t.TopicId, t => t.Partitions);

        // Everything that can refuse the request is checked before anything is written.
        var existing = shard.Groups.GetValueOrDefault(groupId);
        var group = existing as ConsumerGroup;
        var emptyClassic = existing as ClassicGroup;
        if (group is null && !(joining && (existing is null || emptyClassic is { IsEmpty: true, PendingMembers.Count: 0 })))
        {
            throw GroupNotFound(groupId, existing is not null);
        }
        group ??= new ConsumerGroup(groupId);
        string memberId = request.MemberId.Length == 0 ? NewMemberId() : request.MemberId;
        if (group.MemberCount >= _options.ConsumerGroupMaxSize && group.Find(memberId) is null)
        {
            throw new ConsumerGroupException(ErrorCode.GroupMaxSizeReached,
                $"The consumer group has reached its maximum capacity of {_options.ConsumerGroupMaxSize} members.");
        }
        var (member, replacedStatic) = request.InstanceId is null
            ? (DynamicMember(group, memberId, request.MemberEpoch, owned, joining), null)
            : StaticMember(group, memberId, request.MemberEpoch, request.InstanceId, owned, joining);
        if (member.State == MemberState.Unknown && owned is not { IsEmpty: true })
        {
            throw new ConsumerGroupException(ErrorCode.FencedMemberEpoch,
                "The consumer group member is in an unknown state. It must abandon all its partitions and rejoin.");
        }
        var updated = member with
        {
            InstanceId = request.InstanceId ?? member.InstanceId,
            RackId = request.RackId ?? member.RackId,
            RebalanceTimeoutMs = request.RebalanceTimeoutMs != -1 ? request.RebalanceTimeoutMs : member.RebalanceTimeoutMs,
            ServerAssignor = request.ServerAssignor ?? member.ServerAssignor,
            SubscribedTopicNames = request.SubscribedTopicNames ?? member.SubscribedTopicNames,
            SubscribedTopicRegex = version >= 1 && request.SubscribedTopicRegex is { } regex ? (regex.Length == 0 ? null : regex) : member.SubscribedTopicRegex,
            ClientId = clientId,
            ClientHost = clientHost,
            ClassicMemberMetadata = null,
        };
        if (updated.SubscribedTopicRegex is { } newRegex && newRegex != member.SubscribedTopicRegex)
        {
            TopicRegex.Create(newRegex);
        }

        // From here on nothing fails: records are applied as they are made, then written together.
        var records = new List<CoordinatorRecord>();
        long now = shard.NowMs;
        if (existing is not ConsumerGroup)
        {
            if (emptyClassic is not null)
            {
                // The online upgrade of an empty classic group: it simply becomes a consumer group.
                Apply(shard, records, CoordinatorRecord.GroupMetadataTombstone(groupId));
            }
            shard.Groups[groupId] = group;
        }
        if (replacedStatic is not null)
        {
            var target = group.TargetAssignmentOf(replacedStatic.MemberId);
            var tombstones = new List<CoordinatorRecord>();
            ConsumerGroupRecords.AddMemberTombstones(tombstones, groupId, replacedStatic.MemberId);
            foreach (var tombstone in tombstones)
            {
                Apply(shard, records, tombstone);
            }
            Apply(shard, records, ConsumerGroupRecords.MemberMetadata(groupId, member));
            Apply(shard, records, ConsumerGroupRecords.TargetAssignment(groupId, member.MemberId, target));
            Apply(shard, records, ConsumerGroupRecords.CurrentAssignment(groupId, member));
        }

        bool bump = group.GroupEpoch == 0;
        if (!updated.HasSameMetadata(member) || group.Find(memberId) is null)
        {
            Apply(shard, records, ConsumerGroupRecords.MemberMetadata(groupId, updated));
            bump |= !updated.SubscribedTopicNames.SequenceEqual(member.SubscribedTopicNames, StringComparer.Ordinal);
        }
        bump |= UpdateRegexes(shard, group, member, updated, records, now, mayDescribeTopic);

        long hash = SubscriptionHash.Compute(group.SubscribedTopicNames(), _topics);
        if (bump || hash != group.MetadataHash)
        {
            Apply(shard, records, ConsumerGroupRecords.GroupEpoch(groupId, group.GroupEpoch + 1, hash));
        }
        if (group.GroupEpoch > group.TargetAssignmentEpoch)
        {
            UpdateTargetAssignment(shard, group, records);
        }

        var current = group.Find(memberId)!;
        var reconciled = MemberReconciler.Reconcile(current, group.TargetAssignmentEpoch, group.TargetAssignmentOf(memberId),
            group.CurrentPartitionEpoch, owned);
        if (!reconciled.HasSameCurrentAssignment(current))
        {
            Apply(shard, records, ConsumerGroupRecords.CurrentAssignment(groupId, reconciled));
        }
        group.SessionDeadlines[memberId] = now + _options.ConsumerGroupSessionTimeoutMs;
        ScheduleNext(shard, group);

        var response = new ConsumerGroupHeartbeatResponse
        {
            MemberId = memberId,
            MemberEpoch = reconciled.MemberEpoch,
            HeartbeatIntervalMs = _options.ConsumerGroupHeartbeatIntervalMs,
        };
        bool fullRequest = joining || (request.RebalanceTimeoutMs != -1
            && (request.SubscribedTopicNames is not null || request.SubscribedTopicRegex is not null) && owned is not null);
        if (fullRequest || !reconciled.AssignedPartitions.Equals(member.AssignedPartitions))
        {
            response.Assignment = new ConsumerGroupHeartbeatResponse.AssignmentData
            {
                TopicPartitions = reconciled.AssignedPartitions.ToList((id, partitions) =>
                    new ConsumerGroupHeartbeatResponse.TopicPartitions { TopicId = id, Partitions = partitions }),
            };
        }
        return (response, shard.Append(records));
    }

    private static ConsumerGroupMember DynamicMember(ConsumerGroup group, string memberId, int epoch, Assignment? owned, bool joining)
    {
        if (group.Find(memberId) is not { } member)
        {
            return joining
                ? new ConsumerGroupMember { MemberId = memberId }
                : throw new ConsumerGroupException(ErrorCode.UnknownMemberId, $"Member {memberId} is not a member of group {group.GroupId}.");
        }
        ThrowIfFenced(member, epoch, owned);
        return member;
    }

    /// <summary>
    /// A static member, and the previous incarnation it replaces when it rejoins: that one must have
    /// left with epoch -2 (UNRELEASED_INSTANCE_ID otherwise); the newcomer takes over its assignment.
    /// </summary>
    private static (ConsumerGroupMember Member, ConsumerGroupMember? Replaced) StaticMember(
        ConsumerGroup group, string memberId, int epoch, string instanceId, Assignment? owned, bool joining)
    {
        var existing = group.StaticMember(instanceId);
        if (joining)
        {
            if (existing is null)
            {
                return (group.Find(memberId) ?? new ConsumerGroupMember { MemberId = memberId }, null);
            }
            if (existing.MemberEpoch != StaticLeaveEpoch && !existing.UsesClassicProtocol)
            {
                throw new ConsumerGroupException(ErrorCode.UnreleasedInstanceId,
                    $"Static member {memberId} with instance id {instanceId} cannot join the group because the instance id is owned by {existing.MemberId} member.");
            }
            return (existing with { MemberId = memberId, MemberEpoch = 0, PreviousMemberEpoch = 0 }, existing);
        }
        if (existing is null)
        {
            throw new ConsumerGroupException(ErrorCode.UnknownMemberId, $"Instance id {instanceId} is unknown.");
        }
        if (existing.MemberId != memberId)
        {
            throw new ConsumerGroupException(ErrorCode.FencedInstanceId,
                $"Static member {memberId} with instance id {instanceId} was fenced by member {existing.MemberId}.");
        }
        ThrowIfFenced(existing, epoch, owned);
        return (existing, null);
    }

    private static void ThrowIfFenced(ConsumerGroupMember member, int epoch, Assignment? owned)
    {
        // A member that lost track rejoins with epoch 0 and is taken back (KIP-848, KAFKA-19233).
        if (epoch != 0 && MemberReconciler.ValidateMemberEpoch(member, epoch, owned) != ErrorCode.None)
        {
            throw new ConsumerGroupException(ErrorCode.FencedMemberEpoch,
                $"The consumer group member has a {(epoch > member.MemberEpoch ? "greater" : "smaller")} member epoch ({epoch}) than the one known by the group coordinator ({member.MemberEpoch}). The member must abandon all its partitions and rejoin.");
        }
    }
}
