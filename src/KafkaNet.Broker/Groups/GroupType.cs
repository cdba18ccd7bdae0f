namespace KafkaNet.Broker.Groups;

/// <summary>Which protocol a group speaks; ListGroups v5+ reports and filters by it.</summary>
public enum GroupType
{
    /// <summary>JoinGroup / SyncGroup with client-side assignment.</summary>
    Classic,

    /// <summary>KIP-848: ConsumerGroupHeartbeat with server-side assignment.</summary>
    Consumer,

    /// <summary>KIP-932: ShareGroupHeartbeat with server-side assignment; several members may read one partition.</summary>
    Share,
}
