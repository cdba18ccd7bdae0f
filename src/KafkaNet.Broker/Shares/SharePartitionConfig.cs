namespace KafkaNet.Broker.Shares;

/// <summary>The group settings one share-partition works by; the defaults are Kafka's.</summary>
public sealed record SharePartitionConfig
{
    /// <summary><c>share.delivery.count.limit</c>: deliveries after which a record is archived instead of redelivered.</summary>
    public int DeliveryCountLimit { get; init; } = 5;

    /// <summary><c>share.record.lock.duration.ms</c>: how long an acquisition (or a renewal) locks a record.</summary>
    public long RecordLockDurationMs { get; init; } = 30_000;

    /// <summary>
    /// <c>group.share.partition.max.record.locks</c>: the most offsets between the start and end offsets;
    /// no record past the end offset is acquired while the window is full.
    /// </summary>
    public int MaxRecordLocks { get; init; } = 2000;

    /// <summary>
    /// Opt-in key-ordered delivery: records with equal keys are never held by two members at once and are
    /// delivered in offset order; a record waits while an earlier record of its key is acquired or waiting for
    /// redelivery, unless both go out in the same acquisition. Records without a key are not ordered.
    /// </summary>
    public bool KeyOrdered { get; init; }

    /// <summary><c>share.isolation.level</c> read_committed: records up to the last stable offset, aborted transactions never delivered.</summary>
    public bool ReadCommitted { get; init; }

    /// <summary>
    /// <c>errors.deadletterqueue.topic.name</c> (KIP-1191): the group's dead-letter topic; null when it has none.
    /// With one, archived records pass through the Archiving state until their dead-letter records are written.
    /// </summary>
    public string? DeadLetterTopic { get; init; }

    /// <summary><c>errors.deadletterqueue.copy.record.enable</c>: dead-letter records copy the source record, not only its context.</summary>
    public bool DeadLetterCopyRecord { get; init; }
}
