namespace KafkaNet.Broker.Groups.Records;

/// <summary>
/// The int16 that starts every key of <c>__consumer_offsets</c>, with Kafka's numbers. Kafka's pre-4.1
/// share-group partition metadata (9) and its streams-group types (17 and above) are not listed: loading
/// skips them, as Kafka skips types it does not know.
/// </summary>
public enum CoordinatorRecordType : short
{
    /// <summary>A committed offset. Type 0 (the pre-0.9 key) has the same layout and loads as this one; only 1 is written.</summary>
    OffsetCommit = 1,

    /// <summary>A classic group's generation, leader and members.</summary>
    GroupMetadata = 2,

    /// <summary>A consumer group's epoch.</summary>
    ConsumerGroupMetadata = 3,

    /// <summary>The subscribed topics' metadata; Kafka 4.1 stopped writing it but still tombstones it.</summary>
    ConsumerGroupPartitionMetadata = 4,

    /// <summary>A consumer-group member's subscription and client details.</summary>
    ConsumerGroupMemberMetadata = 5,

    /// <summary>The epoch of a consumer group's target assignment.</summary>
    ConsumerGroupTargetAssignmentMetadata = 6,

    /// <summary>One member's partitions in the target assignment.</summary>
    ConsumerGroupTargetAssignmentMember = 7,

    /// <summary>One member's current epoch, state and owned partitions.</summary>
    ConsumerGroupCurrentMemberAssignment = 8,

    /// <summary>A share-group member's subscription and client details.</summary>
    ShareGroupMemberMetadata = 10,

    /// <summary>A share group's epoch.</summary>
    ShareGroupMetadata = 11,

    /// <summary>The epoch of a share group's target assignment.</summary>
    ShareGroupTargetAssignmentMetadata = 12,

    /// <summary>One share-group member's partitions in the target assignment.</summary>
    ShareGroupTargetAssignmentMember = 13,

    /// <summary>One share-group member's current epoch and assigned partitions.</summary>
    ShareGroupCurrentMemberAssignment = 14,

    /// <summary>The partitions a share group has delivery state for (initialized) and is deleting.</summary>
    ShareGroupStatePartitionMetadata = 15,

    /// <summary>The topics a subscription regular expression resolved to.</summary>
    ConsumerGroupRegularExpression = 16,
}
