using KafkaNet.Broker.Shares.Coordinator;

namespace KafkaNet.Broker.Shares;

/// <summary>Share groups (KIP-932): whether they are served, and their group.share.* and share.* settings.</summary>
public sealed class ShareGroupOptions
{
    /// <summary>group.share.enable: serve the share-group APIs. Off until share groups are complete; nothing is advertised then.</summary>
    public bool Enabled { get; set; }

    /// <summary>group.share.max.share.sessions: the most share sessions this broker keeps at once (Kafka's default, 2000).</summary>
    public int MaxShareSessions { get; set; } = 2000;

    /// <summary>How often the share-partition leader looks for acquisition locks that ran out.</summary>
    public TimeSpan RecordLockSweepInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The share coordinator's share.coordinator.* settings.</summary>
    public ShareCoordinatorOptions Coordinator { get; } = new();
}
