using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Consumer;

internal sealed partial class ConsumerGroupCoordinator
{
    /// <summary>
    /// Epoch -1: the member leaves and the group rebalances. Epoch -2: a static member leaves for a
    /// while; it keeps its partitions (nobody else gets them) until it rejoins or its session ends.
    /// </summary>
    private (ConsumerGroupHeartbeatResponse, Task<LogAppendInfo>) Leave(CoordinatorShard shard, ConsumerGroupHeartbeatRequest request)
    {
        var existing = shard.Groups.GetValueOrDefault(request.GroupId);
        if (existing is not ConsumerGroup group)
        {
            throw GroupNotFound(request.GroupId, existing is not null);
        }
        ConsumerGroupMember member;
        if (request.InstanceId is not { } instanceId)
        {
            member = group.Find(request.MemberId)
                ?? throw new ConsumerGroupException(ErrorCode.UnknownMemberId, $"Member {request.MemberId} is not a member of group {group.GroupId}.");
        }
        else
        {
            member = group.StaticMember(instanceId)
                ?? throw new ConsumerGroupException(ErrorCode.UnknownMemberId, $"Instance id {instanceId} is unknown.");
            if (member.MemberId != request.MemberId)
            {
                throw new ConsumerGroupException(ErrorCode.FencedInstanceId,
                    $"Static member {request.MemberId} with instance id {instanceId} was fenced by member {member.MemberId}.");
            }
        }
        var response = new ConsumerGroupHeartbeatResponse { MemberId = member.MemberId, MemberEpoch = request.MemberEpoch };
        if (request.MemberEpoch == StaticLeaveEpoch && request.InstanceId is not null)
        {
            var leaving = member with { MemberEpoch = StaticLeaveEpoch, PartitionsPendingRevocation = Assignment.Empty };
            return (response, Commit(shard, [ConsumerGroupRecords.CurrentAssignment(group.GroupId, leaving)]));
        }
        var write = Fence(shard, group, member);
        ScheduleNext(shard, group);
        return (response, write);
    }

    /// <summary>Removes a member (it left, or it missed its session or rebalance deadline) and bumps the group epoch.</summary>
    private Task<LogAppendInfo> Fence(CoordinatorShard shard, ConsumerGroup group, ConsumerGroupMember member)
    {
        var records = new List<CoordinatorRecord>();
        var tombstones = new List<CoordinatorRecord>();
        ConsumerGroupRecords.AddMemberTombstones(tombstones, group.GroupId, member.MemberId);
        foreach (var tombstone in tombstones)
        {
            Apply(shard, records, tombstone);
        }
        if (member.SubscribedTopicRegex is { } regex && group.SubscribersOf(regex) == 0 && group.ResolvedRegexes.ContainsKey(regex))
        {
            Apply(shard, records, CoordinatorRecord.ConsumerGroupRegularExpressionTombstone(group.GroupId, regex));
        }
        long hash = SubscriptionHash.Compute(group.SubscribedTopicNames(), _topics);
        Apply(shard, records, ConsumerGroupRecords.GroupEpoch(group.GroupId, group.GroupEpoch + 1, hash));
        return shard.Append(records);
    }

    /// <summary>Runs when a member's session or rebalance deadline may have passed.</summary>
    public void OnDeadline(CoordinatorShard shard, ConsumerGroup group, long now)
    {
        var expired = new List<string>();
        foreach (var (memberId, due) in group.SessionDeadlines)
        {
            if (due <= now)
            {
                expired.Add(memberId);
            }
        }
        foreach (var (memberId, (due, epoch)) in group.RebalanceDeadlines.ToList())
        {
            if (due > now)
            {
                continue;
            }
            // Fenced only if it is still at the epoch it had to leave by revoking.
            if (group.Find(memberId)?.MemberEpoch == epoch)
            {
                expired.Add(memberId);
            }
            else
            {
                group.RebalanceDeadlines.Remove(memberId);
            }
        }
        foreach (string memberId in expired.Distinct())
        {
            if (!group.IsDeleted && group.Find(memberId) is { } member)
            {
                _ = Fence(shard, group, member);
            }
        }
        if (!group.IsDeleted)
        {
            ScheduleNext(shard, group);
        }
    }
}
