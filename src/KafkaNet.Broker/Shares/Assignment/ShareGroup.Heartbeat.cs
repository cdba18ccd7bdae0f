using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Assignment;

public sealed partial class ShareGroup
{
    /// <summary>Handles one ShareGroupHeartbeat at <paramref name="nowMs"/>: join, keep alive, or leave.</summary>
    public ShareGroupHeartbeatAnswer Heartbeat(ShareGroupHeartbeat request, long nowMs)
    {
        try
        {
            ShareGroupHeartbeatValidation.ThrowIfInvalid(request);
            return request.MemberEpoch == ShareGroupHeartbeat.LeaveEpoch ? Leave(request.MemberId) : JoinOrStay(request, nowMs);
        }
        catch (ShareGroupException refused)
        {
            return ShareGroupHeartbeatAnswer.Failed(refused.Error, refused.Message);
        }
    }

    private ShareGroupHeartbeatAnswer Leave(string memberId)
    {
        if (!_members.Remove(memberId))
            throw ShareGroupHeartbeatValidation.UnknownMember(memberId, GroupId);
        BumpGroupEpoch();
        return new ShareGroupHeartbeatAnswer(ErrorCode.None, null, memberId, ShareGroupHeartbeat.LeaveEpoch, 0, null);
    }

    private ShareGroupHeartbeatAnswer JoinOrStay(ShareGroupHeartbeat request, long nowMs)
    {
        var joining = request.MemberEpoch == ShareGroupHeartbeat.JoinEpoch;
        var member = _members.GetValueOrDefault(request.MemberId);
        if (member is null)
        {
            if (!joining)
                throw ShareGroupHeartbeatValidation.UnknownMember(request.MemberId, GroupId);
            if (_members.Count >= Config.MaxSize)
                throw ShareGroupHeartbeatValidation.Full(Config.MaxSize);
        }
        else
        {
            ShareGroupHeartbeatValidation.ThrowIfEpochIsFenced(member, request.MemberEpoch);
        }

        var isNew = member is null;
        member ??= new ShareGroupMember(request.MemberId);
        if (request.RackId is not null)
            member.RackId = request.RackId;
        var subscriptionChanged = request.SubscribedTopicNames is { } names && !names.ToHashSet(StringComparer.Ordinal).SetEquals(member.SubscribedTopicNames);
        if (subscriptionChanged)
            member.SubscribedTopicNames = request.SubscribedTopicNames!.Distinct(StringComparer.Ordinal).ToList();
        member.SessionDeadlineMs = nowMs + Config.SessionTimeoutMs;
        if (isNew)
            _members.Add(member.MemberId, member);
        if (isNew || subscriptionChanged)
            BumpGroupEpoch();

        var assignmentChanged = BringToAssignmentEpoch(member);
        // A member still on an older epoch may have missed the answer that carried its assignment.
        var memberIsBehind = request.MemberEpoch != member.MemberEpoch;
        var assignment = joining || assignmentChanged || memberIsBehind ? Describe(member.AssignedPartitions) : null;
        return new ShareGroupHeartbeatAnswer(ErrorCode.None, null, member.MemberId, member.MemberEpoch, Config.HeartbeatIntervalMs, assignment);
    }

    /// <summary>Moves the member straight to the target assignment; true when its partitions changed.</summary>
    private bool BringToAssignmentEpoch(ShareGroupMember member)
    {
        if (member.MemberEpoch == AssignmentEpoch)
            return false;
        member.PreviousMemberEpoch = member.MemberEpoch;
        member.MemberEpoch = AssignmentEpoch;
        var target = TargetAssignmentOf(member.MemberId);
        if (target.SetEquals(member.AssignedPartitions))
            return false;
        member.AssignedPartitions = target;
        return true;
    }

    private static List<ShareGroupTopicAssignment> Describe(IReadOnlySet<ShareTopicPartition> partitions) =>
        partitions.GroupBy(p => p.TopicId)
            .OrderBy(g => g.Key)
            .Select(g => new ShareGroupTopicAssignment(g.Key, g.Select(p => p.Partition).Order().ToList()))
            .ToList();
}
