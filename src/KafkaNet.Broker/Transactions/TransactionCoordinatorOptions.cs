namespace KafkaNet.Broker.Transactions;

/// <summary>The settings of idempotent producers and the transaction coordinator, with Kafka's property names and defaults.</summary>
public sealed class TransactionCoordinatorOptions
{
    /// <summary>producer.id.expiration.ms: a partition forgets a producer that has written nothing for this long.</summary>
    public long ProducerIdExpirationMs { get; set; } = 86400000;

    /// <summary>producer.id.expiration.check.interval.ms: how often expired producers are looked for.</summary>
    public long ProducerIdExpirationCheckIntervalMs { get; set; } = 600000;
}
