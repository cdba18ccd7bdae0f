using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Classic;

/// <summary>What JoinGroup answers one member; the leader also gets every member's metadata.</summary>
public sealed record JoinGroupResult(
    ErrorCode Error,
    string MemberId,
    int GenerationId = -1,
    string? ProtocolType = null,
    string? ProtocolName = null,
    string LeaderId = "",
    bool SkipAssignment = false,
    IReadOnlyList<JoinGroupResult.Member>? Members = null)
{
    public static JoinGroupResult Failed(ErrorCode error, string memberId = "") => new(error, memberId);

    /// <summary>A member as the leader sees it: id, static instance id and its metadata for the chosen protocol.</summary>
    public sealed record Member(string MemberId, string? GroupInstanceId, byte[] Metadata);
}
