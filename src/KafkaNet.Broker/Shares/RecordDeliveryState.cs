namespace KafkaNet.Broker.Shares;

/// <summary>
/// Where an in-flight record of a share-partition stands. The numeric values are the DeliveryState
/// bytes that WriteShareGroupState and ReadShareGroupState carry.
/// </summary>
public enum RecordDeliveryState : byte
{
    /// <summary>May be handed to a consumer (first delivery or redelivery).</summary>
    Available = 0,

    /// <summary>Locked to one member until it acknowledges or the lock times out.</summary>
    Acquired = 1,

    /// <summary>Processed successfully; never delivered again.</summary>
    Acknowledged = 2,

    /// <summary>
    /// Given up on, and waiting for its dead-letter record to be written (KIP-1191); never delivered again, and
    /// Archived once the dead-letter topic has it. Only groups with a dead-letter topic use it.
    /// </summary>
    Archiving = 3,

    /// <summary>Given up on (rejected or out of delivery attempts); never delivered again.</summary>
    Archived = 4,
}
