using KafkaNet.Broker.Shares.Coordinator;

namespace KafkaNet.Broker.Shares;

/// <summary>Share groups (KIP-932): whether they are served, and their group.share.* and share.* settings.</summary>
public sealed class ShareGroupOptions
{
    /// <summary>group.share.enable: serve the share-group APIs (on, as in Kafka 4.2); with it off none is served or advertised.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>group.share.max.share.sessions: the most share sessions this broker keeps at once (Kafka's default, 2000).</summary>
    public int MaxShareSessions { get; set; } = 2000;

    /// <summary>How often the share-partition leader looks for acquisition locks that ran out.</summary>
    public TimeSpan RecordLockSweepInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The share coordinator's share.coordinator.* settings.</summary>
    public ShareCoordinatorOptions Coordinator { get; } = new();

    /// <summary>group.share.session.timeout.ms: a member not heard from for this long is fenced.</summary>
    public int SessionTimeoutMs { get; set; } = 45_000;

    /// <summary>group.share.min.session.timeout.ms: the lowest share.session.timeout.ms a group may set.</summary>
    public int MinSessionTimeoutMs { get; set; } = 45_000;

    /// <summary>group.share.max.session.timeout.ms: the highest share.session.timeout.ms a group may set.</summary>
    public int MaxSessionTimeoutMs { get; set; } = 60_000;

    /// <summary>group.share.heartbeat.interval.ms: how often members are told to heartbeat.</summary>
    public int HeartbeatIntervalMs { get; set; } = 5_000;

    /// <summary>group.share.min.heartbeat.interval.ms: the lowest share.heartbeat.interval.ms a group may set.</summary>
    public int MinHeartbeatIntervalMs { get; set; } = 5_000;

    /// <summary>group.share.max.heartbeat.interval.ms: the highest share.heartbeat.interval.ms a group may set.</summary>
    public int MaxHeartbeatIntervalMs { get; set; } = 15_000;

    /// <summary>group.share.max.size: the most members one share group admits.</summary>
    public int MaxSize { get; set; } = 200;

    /// <summary>group.share.record.lock.duration.ms: how long an acquired record stays locked to its member.</summary>
    public int RecordLockDurationMs { get; set; } = 30_000;

    /// <summary>group.share.min.record.lock.duration.ms: the lowest share.record.lock.duration.ms a group may set.</summary>
    public int MinRecordLockDurationMs { get; set; } = 15_000;

    /// <summary>group.share.max.record.lock.duration.ms: the highest share.record.lock.duration.ms a group may set.</summary>
    public int MaxRecordLockDurationMs { get; set; } = 60_000;

    /// <summary>group.share.delivery.count.limit: deliveries after which a record is archived.</summary>
    public int DeliveryCountLimit { get; set; } = 5;

    /// <summary>group.share.min.delivery.count.limit: the lowest share.delivery.count.limit a group may set.</summary>
    public int MinDeliveryCountLimit { get; set; } = 2;

    /// <summary>group.share.max.delivery.count.limit: the highest share.delivery.count.limit a group may set.</summary>
    public int MaxDeliveryCountLimit { get; set; } = 10;

    /// <summary>group.share.partition.max.record.locks: the most in-flight records of one share-partition.</summary>
    public int PartitionMaxRecordLocks { get; set; } = 2_000;

    /// <summary>group.share.assignors: the server-side assignors of share groups; "simple" is the one there is.</summary>
    public IList<string> Assignors { get; } = ["simple"];

    /// <summary>errors.deadletterqueue.topic.name.prefix (KIP-1191): every dead-letter topic's name must start with it; empty allows any.</summary>
    public string DeadLetterTopicNamePrefix { get; set; } = DeadLetter.DeadLetterConfigs.DefaultTopicNamePrefix;

    /// <summary>errors.deadletterqueue.auto.create.topics.enable: a missing dead-letter topic is created on first use.</summary>
    public bool DeadLetterAutoCreateTopics { get; set; }
}
