using KafkaNet.Broker.Shares.Coordinator;

namespace KafkaNet.Broker.Shares;

/// <summary>Share groups (KIP-932): whether they are served, and their group.share.* and share.* settings.</summary>
public sealed class ShareGroupOptions
{
    /// <summary>group.share.enable: serve the share-group APIs. Off until share groups are complete; nothing is advertised then.</summary>
    public bool Enabled { get; set; }

    /// <summary>The share coordinator's share.coordinator.* settings.</summary>
    public ShareCoordinatorOptions Coordinator { get; } = new();
}
