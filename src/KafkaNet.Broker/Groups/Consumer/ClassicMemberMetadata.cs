namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// What a member that joined a consumer group through the classic protocol (JoinGroup) brings:
/// its session timeout and supported protocols. Null on members that use ConsumerGroupHeartbeat.
/// </summary>
public sealed record ClassicMemberMetadata(int SessionTimeoutMs, IReadOnlyList<ClassicProtocol> SupportedProtocols)
{
    public bool Equals(ClassicMemberMetadata? other)
        => other is not null
            && SessionTimeoutMs == other.SessionTimeoutMs
            && SupportedProtocols.SequenceEqual(other.SupportedProtocols);

    public override int GetHashCode() => HashCode.Combine(SessionTimeoutMs, SupportedProtocols.Count);
}
