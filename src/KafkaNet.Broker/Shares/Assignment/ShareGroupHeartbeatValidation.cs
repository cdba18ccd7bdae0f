using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>The checks Kafka makes on a ShareGroupHeartbeat before it looks at the group, with its messages.</summary>
internal static class ShareGroupHeartbeatValidation
{
    public static void ThrowIfInvalid(ShareGroupHeartbeat request)
    {
        if (request.RackId is { Length: 0 })
            throw Invalid("RackId can't be empty.");
        // Since version 1 the client generates its member id, so even a joining member names itself.
        if (string.IsNullOrEmpty(request.MemberId))
            throw Invalid("MemberId can't be empty.");
        if (request.MemberEpoch == ShareGroupHeartbeat.JoinEpoch && request.SubscribedTopicNames is not { Count: > 0 })
            throw Invalid("SubscribedTopicNames must be set in first request.");
        if (request.MemberEpoch < ShareGroupHeartbeat.LeaveEpoch)
            throw Invalid("MemberEpoch is invalid.");
    }

    public static void ThrowIfEpochIsFenced(ShareGroupMember member, int receivedEpoch)
    {
        if (receivedEpoch > member.MemberEpoch)
            throw Fenced("greater", receivedEpoch, member.MemberEpoch);
        // The previous epoch is still fine: the answer that bumped it may have been lost.
        if (receivedEpoch < member.MemberEpoch && receivedEpoch != member.PreviousMemberEpoch)
            throw Fenced("smaller", receivedEpoch, member.MemberEpoch);
    }

    public static ShareGroupException UnknownMember(string memberId, string groupId) =>
        new(ErrorCode.UnknownMemberId, $"Member {memberId} is not a member of group {groupId}.");

    public static ShareGroupException Full(int maxSize) =>
        new(ErrorCode.GroupMaxSizeReached, $"The share group has reached its maximum capacity of {maxSize} members.");

    private static ShareGroupException Invalid(string message) => new(ErrorCode.InvalidRequest, message);

    private static ShareGroupException Fenced(string comparison, int received, int known) =>
        new(ErrorCode.FencedMemberEpoch,
            $"The share group member has a {comparison} member epoch ({received}) than the one known by the group coordinator ({known}). " +
            "The member must abandon all its partitions and rejoin.");
}
