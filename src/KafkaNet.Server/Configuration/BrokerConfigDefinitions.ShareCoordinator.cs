namespace KafkaNet.Server.Configuration;

/// <summary>The share coordinator (share.coordinator.*) rows of the configuration table.</summary>
public static partial class BrokerConfigDefinitions
{
    // ---- Share coordinator ----
    public static readonly ConfigDefinition ShareCoordinatorStateTopicNumPartitions = Define(
        "share.coordinator.state.topic.num.partitions", ConfigType.Int, "50",
        "The number of partitions of the internal __share_group_state topic (do not change it once the topic exists).",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ShareCoordinatorStateTopicReplicationFactor = Define(
        "share.coordinator.state.topic.replication.factor", ConfigType.Int, "3",
        "Replicas of __share_group_state; a cluster with fewer brokers uses as many as it has.",
        ConfigValidators.All(ConfigValidators.AtLeast(1), ConfigValidators.AtMost(short.MaxValue)));

    public static readonly ConfigDefinition ShareCoordinatorStateTopicMinIsr = Define(
        "share.coordinator.state.topic.min.isr", ConfigType.Int, "2",
        "min.insync.replicas of __share_group_state, at most its replication factor.",
        ConfigValidators.All(ConfigValidators.AtLeast(1), ConfigValidators.AtMost(short.MaxValue)));

    public static readonly ConfigDefinition ShareCoordinatorStateTopicSegmentBytes = Define(
        "share.coordinator.state.topic.segment.bytes", ConfigType.Int, "104857600",
        "The segment size of __share_group_state.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ShareCoordinatorStateTopicCompressionCodec = Define(
        "share.coordinator.state.topic.compression.codec", ConfigType.Int, "0",
        "The codec of records written to __share_group_state: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.",
        ConfigValidators.All(ConfigValidators.AtLeast(0), ConfigValidators.AtMost(4)));

    public static readonly ConfigDefinition ShareCoordinatorSnapshotUpdateRecordsPerSnapshot = Define(
        "share.coordinator.snapshot.update.records.per.snapshot", ConfigType.Int, "500",
        "Update records written for a share-partition before its state is written whole again as a snapshot.",
        ConfigValidators.All(ConfigValidators.AtLeast(0), ConfigValidators.AtMost(500)));

    public static readonly ConfigDefinition ShareCoordinatorWriteTimeoutMs = Define(
        "share.coordinator.write.timeout.ms", ConfigType.Int, "5000",
        "How long, in milliseconds, a share coordinator write waits for the replicas of __share_group_state.",
        ConfigValidators.AtLeast(1));
}
