using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups;

/// <summary>What the offset and administration paths need of a group, whatever its protocol.</summary>
public interface IGroup
{
    string GroupId { get; }

    GroupType Type { get; }

    /// <summary>The state as DescribeGroups and ListGroups name it (Empty, Stable, ...).</summary>
    string StateName { get; }

    /// <summary>The protocol type ("consumer" for consumers; Connect and others use their own); empty when unknown.</summary>
    string ProtocolType { get; }

    /// <summary>No members: the group may be deleted and its offsets may expire.</summary>
    bool IsEmpty { get; }

    /// <summary>When the group last became empty (or last changed state), for offset expiry; null when unknown.</summary>
    long? CurrentStateTimestampMs { get; }

    /// <summary>
    /// Checks that an offset commit comes from a current member (or from outside the group while it is empty).
    /// Transactional commits (TxnOffsetCommit) are not held to the group's state, as Kafka does not hold them.
    /// </summary>
    ErrorCode ValidateOffsetCommit(string memberId, string? groupInstanceId, int generationIdOrMemberEpoch, bool isTransactional, short apiVersion);

    /// <summary>Checks an offset fetch that names a member (KIP-848 members send their epoch); classic groups accept all.</summary>
    ErrorCode ValidateOffsetFetch(string? memberId, int memberEpoch);

    /// <summary>Whether a member is subscribed to the topic, which makes its offsets undeletable (GROUP_SUBSCRIBED_TO_TOPIC).</summary>
    bool IsSubscribedTo(string topic);
}
