namespace KafkaNet.Broker.Groups;

/// <summary>The group coordinator's settings, with Kafka's property names and defaults.</summary>
public sealed class GroupCoordinatorOptions
{
    /// <summary>offsets.topic.num.partitions: partitions of __consumer_offsets, each coordinating its share of the groups.</summary>
    public int OffsetsTopicNumPartitions { get; set; } = 50;

    /// <summary>
    /// offsets.topic.replication.factor. Kafka's default is 3; a cluster with fewer brokers creates the topic
    /// with as many replicas as it has brokers.
    /// </summary>
    public short OffsetsTopicReplicationFactor { get; set; } = 3;

    /// <summary>offsets.topic.segment.bytes: kept small so compaction keeps the topic small.</summary>
    public int OffsetsTopicSegmentBytes { get; set; } = 104857600;

    /// <summary>offsets.topic.compression.codec: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.</summary>
    public int OffsetsTopicCompressionCodec { get; set; }

    /// <summary>
    /// offsets.commit.timeout.ms: how long a coordinator write waits for the replicas of its partition before the
    /// request is answered COORDINATOR_NOT_AVAILABLE.
    /// </summary>
    public int OffsetsCommitTimeoutMs { get; set; } = 5000;

    /// <summary>offsets.retention.minutes: committed offsets of a group without members expire after this.</summary>
    public int OffsetsRetentionMinutes { get; set; } = 10080;

    /// <summary>offsets.retention.check.interval.ms: how often expired offsets are looked for.</summary>
    public long OffsetsRetentionCheckIntervalMs { get; set; } = 600000;

    /// <summary>offset.metadata.max.bytes: longer commit metadata gets OFFSET_METADATA_TOO_LARGE.</summary>
    public int OffsetMetadataMaxBytes { get; set; } = 4096;

    /// <summary>group.initial.rebalance.delay.ms: a new classic group waits this long for more members before its first rebalance.</summary>
    public int GroupInitialRebalanceDelayMs { get; set; } = 3000;

    /// <summary>group.min.session.timeout.ms: shorter session timeouts get INVALID_SESSION_TIMEOUT.</summary>
    public int GroupMinSessionTimeoutMs { get; set; } = 6000;

    /// <summary>group.max.session.timeout.ms: longer session timeouts get INVALID_SESSION_TIMEOUT.</summary>
    public int GroupMaxSessionTimeoutMs { get; set; } = 1800000;

    /// <summary>group.max.size: members of one classic group; more get GROUP_MAX_SIZE_REACHED.</summary>
    public int GroupMaxSize { get; set; } = int.MaxValue;

    /// <summary>group.coordinator.rebalance.protocols: which group protocols are served (classic, consumer).</summary>
    public IList<string> RebalanceProtocols { get; } = ["classic", "consumer"];

    /// <summary>group.consumer.session.timeout.ms: a KIP-848 member is fenced after this long without a heartbeat.</summary>
    public int ConsumerGroupSessionTimeoutMs { get; set; } = 45000;

    /// <summary>group.consumer.min.session.timeout.ms.</summary>
    public int ConsumerGroupMinSessionTimeoutMs { get; set; } = 45000;

    /// <summary>group.consumer.max.session.timeout.ms.</summary>
    public int ConsumerGroupMaxSessionTimeoutMs { get; set; } = 60000;

    /// <summary>group.consumer.heartbeat.interval.ms: the interval KIP-848 members are told to heartbeat at.</summary>
    public int ConsumerGroupHeartbeatIntervalMs { get; set; } = 5000;

    /// <summary>group.consumer.min.heartbeat.interval.ms.</summary>
    public int ConsumerGroupMinHeartbeatIntervalMs { get; set; } = 5000;

    /// <summary>group.consumer.max.heartbeat.interval.ms.</summary>
    public int ConsumerGroupMaxHeartbeatIntervalMs { get; set; } = 15000;

    /// <summary>group.consumer.max.size: members of one KIP-848 group.</summary>
    public int ConsumerGroupMaxSize { get; set; } = int.MaxValue;

    /// <summary>group.consumer.assignors: server-side assignors; the first is the default.</summary>
    public IList<string> ConsumerGroupAssignors { get; } = ["uniform", "range"];

    /// <summary>group.consumer.migration.policy: bidirectional, upgrade, downgrade or disabled.</summary>
    public string ConsumerGroupMigrationPolicy { get; set; } = "bidirectional";
}
