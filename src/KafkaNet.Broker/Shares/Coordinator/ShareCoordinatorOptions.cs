namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>The share coordinator's settings, with Kafka's share.coordinator.* names and defaults.</summary>
public sealed class ShareCoordinatorOptions
{
    /// <summary>share.coordinator.state.topic.num.partitions: partitions of __share_group_state (do not change once it exists).</summary>
    public int StateTopicNumPartitions { get; set; } = 50;

    /// <summary>
    /// share.coordinator.state.topic.replication.factor. Kafka's default is 3; a cluster with fewer brokers creates the
    /// topic with as many replicas as it has brokers, as for offsets.topic.replication.factor.
    /// </summary>
    public short StateTopicReplicationFactor { get; set; } = 3;

    /// <summary>share.coordinator.state.topic.min.isr: min.insync.replicas of __share_group_state, at most its replication factor.</summary>
    public short StateTopicMinIsr { get; set; } = 2;

    /// <summary>share.coordinator.state.topic.segment.bytes: the segment size of __share_group_state.</summary>
    public int StateTopicSegmentBytes { get; set; } = 104857600;

    /// <summary>share.coordinator.state.topic.compression.codec: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.</summary>
    public int StateTopicCompressionCodec { get; set; }

    /// <summary>
    /// share.coordinator.snapshot.update.records.per.snapshot (0 to 500): update records written for a share-partition
    /// before its next write is a full snapshot again.
    /// </summary>
    public int SnapshotUpdateRecordsPerSnapshot { get; set; } = ShareCoordinatorState.DefaultUpdateRecordsPerSnapshot;

    /// <summary>
    /// share.coordinator.write.timeout.ms: how long a write waits for the replicas of its partition before the request is
    /// answered with an error (the caller retries).
    /// </summary>
    public int WriteTimeoutMs { get; set; } = 5000;

    /// <summary>
    /// share.coordinator.cold.partition.snapshot.interval.ms (internal in Kafka, not a server property here): how often
    /// share-partitions with no write for this long get their state written again as a snapshot.
    /// </summary>
    public int ColdPartitionSnapshotIntervalMs { get; set; } = 300000;
}
