using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// The membership fields of a ShareGroupHeartbeat request. <see cref="SubscribedTopicNames"/> is null when the
/// subscription is unchanged; <see cref="MemberEpoch"/> is 0 to join and -1 to leave.
/// </summary>
public sealed record ShareGroupHeartbeat(string MemberId, int MemberEpoch, string? RackId, IReadOnlyList<string>? SubscribedTopicNames)
{
    public const int JoinEpoch = 0;
    public const int LeaveEpoch = -1;
}

/// <summary>The partitions of one topic in a member's assignment, as the response carries them.</summary>
public sealed record ShareGroupTopicAssignment(Guid TopicId, IReadOnlyList<int> Partitions);

/// <summary>
/// What a ShareGroupHeartbeat answers. <see cref="Assignment"/> is set when the member joins or its assignment
/// changed with this heartbeat, and null otherwise (the member keeps what it has).
/// </summary>
public sealed record ShareGroupHeartbeatAnswer(
    ErrorCode Error,
    string? ErrorMessage,
    string? MemberId,
    int MemberEpoch,
    int HeartbeatIntervalMs,
    IReadOnlyList<ShareGroupTopicAssignment>? Assignment)
{
    public static ShareGroupHeartbeatAnswer Failed(ErrorCode error, string message) => new(error, message, null, 0, 0, null);
}
