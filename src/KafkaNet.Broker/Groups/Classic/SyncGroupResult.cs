using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Classic;

/// <summary>What SyncGroup answers one member: its assignment of the generation.</summary>
public sealed record SyncGroupResult(ErrorCode Error, string? ProtocolType = null, string? ProtocolName = null, byte[]? Assignment = null)
{
    public static SyncGroupResult Failed(ErrorCode error) => new(error);
}
