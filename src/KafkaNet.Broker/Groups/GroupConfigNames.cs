namespace KafkaNet.Broker.Groups;

/// <summary>The dynamic group configs (config resource type GROUP) this broker knows, with Kafka's names.</summary>
public static class GroupConfigNames
{
    public const string ShareSessionTimeoutMs = "share.session.timeout.ms";
    public const string ShareHeartbeatIntervalMs = "share.heartbeat.interval.ms";
    public const string ShareRecordLockDurationMs = "share.record.lock.duration.ms";
    public const string ShareDeliveryCountLimit = "share.delivery.count.limit";
    public const string ShareAutoOffsetReset = "share.auto.offset.reset";
    public const string ShareIsolationLevel = "share.isolation.level";

    /// <summary>KIP-1191: the group's dead-letter topic; blank (the default) means none.</summary>
    public const string DeadLetterTopicName = Shares.DeadLetter.DeadLetterConfigs.TopicName;

    /// <summary>KIP-1191: dead-letter records copy the source record, not only its context.</summary>
    public const string DeadLetterCopyRecordEnable = Shares.DeadLetter.DeadLetterConfigs.CopyRecordEnable;

    /// <summary>KafkaNet's own: opt-in key-ordered delivery for the group's share-partitions (not a Kafka config).</summary>
    public const string ShareKeyOrderedEnable = "share.key.ordered.enable";
}
