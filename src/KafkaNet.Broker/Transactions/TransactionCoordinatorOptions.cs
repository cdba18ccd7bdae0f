namespace KafkaNet.Broker.Transactions;

/// <summary>The settings of idempotent producers and the transaction coordinator, with Kafka's property names and defaults.</summary>
public sealed class TransactionCoordinatorOptions
{
    /// <summary>producer.id.expiration.ms: a partition forgets a producer that has written nothing for this long.</summary>
    public long ProducerIdExpirationMs { get; set; } = 86400000;

    /// <summary>producer.id.expiration.check.interval.ms: how often expired producers are looked for.</summary>
    public long ProducerIdExpirationCheckIntervalMs { get; set; } = 600000;

    /// <summary>transaction.state.log.num.partitions: partitions of __transaction_state (fixed once it exists).</summary>
    public int TransactionStateLogNumPartitions { get; set; } = 50;

    /// <summary>transaction.state.log.replication.factor: replicas of __transaction_state; one broker holds one.</summary>
    public short TransactionStateLogReplicationFactor { get; set; } = 3;

    /// <summary>transaction.state.log.min.isr: min.insync.replicas of __transaction_state, at most its replication factor.</summary>
    public int TransactionStateLogMinIsr { get; set; } = 2;

    /// <summary>transaction.state.log.segment.bytes: small, so compaction keeps the topic small.</summary>
    public int TransactionStateLogSegmentBytes { get; set; } = 104857600;

    /// <summary>transaction.max.timeout.ms: the longest transaction.timeout.ms a producer may ask for.</summary>
    public int TransactionMaxTimeoutMs { get; set; } = 900000;

    /// <summary>transactional.id.expiration.ms: a transactional id with no transaction and no update for this long is removed.</summary>
    public int TransactionalIdExpirationMs { get; set; } = 604800000;

    /// <summary>transaction.abort.timed.out.transaction.cleanup.interval.ms: how often transactions past their timeout are aborted.</summary>
    public int TransactionAbortTimedOutTransactionCleanupIntervalMs { get; set; } = 10000;

    /// <summary>transaction.remove.expired.transaction.cleanup.interval.ms: how often expired transactional ids are removed.</summary>
    public int TransactionRemoveExpiredTransactionCleanupIntervalMs { get; set; } = 3600000;

    /// <summary>
    /// transaction.partition.verification.enable: a transactional produce to a partition not added to the producer's
    /// transaction is refused (KIP-890).
    /// </summary>
    public bool TransactionPartitionVerificationEnable { get; set; } = true;
}
