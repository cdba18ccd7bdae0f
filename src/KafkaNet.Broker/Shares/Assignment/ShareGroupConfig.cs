namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>The share-group membership settings; the defaults are Kafka's.</summary>
public sealed record ShareGroupConfig
{
    /// <summary><c>group.share.session.timeout.ms</c>: a member not heard from for this long is fenced.</summary>
    public int SessionTimeoutMs { get; init; } = 45_000;

    /// <summary><c>group.share.heartbeat.interval.ms</c>: how often members are told to heartbeat.</summary>
    public int HeartbeatIntervalMs { get; init; } = 5_000;

    /// <summary><c>group.share.max.size</c>: the most members one share group admits.</summary>
    public int MaxSize { get; init; } = 200;
}
