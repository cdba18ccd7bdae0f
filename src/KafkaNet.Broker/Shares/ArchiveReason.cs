namespace KafkaNet.Broker.Shares;

/// <summary>Why records were archived; a dead-letter topic records this with the copied records.</summary>
public enum ArchiveReason : byte
{
    /// <summary>A member acknowledged the records with <see cref="AcknowledgeType.Reject"/>.</summary>
    RejectedByClient = 1,

    /// <summary>The records were released or timed out after their last allowed delivery.</summary>
    DeliveryLimitReached = 2,
}
