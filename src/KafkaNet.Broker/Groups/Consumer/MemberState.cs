namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Where a member stands in reconciling towards its target assignment. The values are the bytes
/// stored in the State field of ConsumerGroupCurrentMemberAssignmentValue.
/// </summary>
public enum MemberState : byte
{
    /// <summary>The member owns exactly its target assignment at the target epoch.</summary>
    Stable = 0,

    /// <summary>The member must revoke partitions before it moves to the next epoch.</summary>
    UnrevokedPartitions = 1,

    /// <summary>The member is at the target epoch but waits for partitions other members still own.</summary>
    UnreleasedPartitions = 2,

    /// <summary>A state written by a newer broker; such a member is fenced and rejoins.</summary>
    Unknown = 127,
}
