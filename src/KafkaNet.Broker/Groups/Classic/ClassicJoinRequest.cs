namespace KafkaNet.Broker.Groups.Classic;

/// <summary>A JoinGroup request as the coordinator needs it, with metadata copied out of the request frame.</summary>
public sealed record ClassicJoinRequest(
    string GroupId,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<(string Name, byte[] Metadata)> Protocols,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string ClientId,
    string ClientHost,
    short ApiVersion)
{
    /// <summary>JoinGroup v4+ answers a first join with MEMBER_ID_REQUIRED and the id to join with (KIP-394).</summary>
    public bool RequireKnownMemberId => ApiVersion >= 4;

    /// <summary>v9+ lets a rejoining static leader keep its assignment without computing a new one (KIP-814).</summary>
    public bool SupportsSkipAssignment => ApiVersion >= 9;
}
