using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups;

/// <summary>A group as DescribeGroups shows it.</summary>
public sealed record GroupDescription(
    string GroupId,
    ErrorCode Error,
    string State,
    string ProtocolType,
    string ProtocolData,
    IReadOnlyList<GroupDescription.Member> Members,
    GroupType Type)
{
    public static GroupDescription Failed(string groupId, ErrorCode error) => new(groupId, error, "Dead", "", "", [], GroupType.Classic);

    public sealed record Member(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);
}
