namespace KafkaNet.Broker.Shares;

/// <summary>
/// What the share-partition leader needs to know of share groups from the group coordinator: who is a
/// member, the settings a group's partitions work by, and when a member leaves (its records go back).
/// </summary>
public interface IShareGroupView
{
    /// <summary>True when <paramref name="memberId"/> is a live member of share group <paramref name="groupId"/>.</summary>
    bool IsMember(string groupId, string memberId);

    /// <summary>The effective settings of the group (group configs over the broker's defaults).</summary>
    SharePartitionConfig ConfigOf(string groupId);

    /// <summary>share.auto.offset.reset of the group: true for earliest, false for latest (Kafka's default).</summary>
    bool StartsAtEarliest(string groupId);

    /// <summary>Raised with (group id, member id) when a member leaves or is fenced.</summary>
    event Action<string, string>? MemberLeft;
}
