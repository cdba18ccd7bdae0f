using KafkaNet.Broker.Transactions;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries the transaction.*, transactional.id.* and producer.id.* properties into the transaction coordinator's options.</summary>
public static class TransactionSettings
{
    public static void Apply(BrokerConfig config, TransactionCoordinatorOptions transactions)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(transactions);
        transactions.TransactionMaxTimeoutMs = config.TransactionMaxTimeoutMs;
        transactions.TransactionStateLogNumPartitions = Int(config, Defs.TransactionStateLogNumPartitions);
        transactions.TransactionStateLogReplicationFactor = (short)Int(config, Defs.TransactionStateLogReplicationFactor);
        transactions.TransactionStateLogMinIsr = Int(config, Defs.TransactionStateLogMinIsr);
        transactions.TransactionStateLogSegmentBytes = Int(config, Defs.TransactionStateLogSegmentBytes);
        transactions.TransactionalIdExpirationMs = Int(config, Defs.TransactionalIdExpirationMs);
        transactions.TransactionAbortTimedOutTransactionCleanupIntervalMs = Int(config, Defs.TransactionAbortTimedOutTransactionCleanupIntervalMs);
        transactions.TransactionRemoveExpiredTransactionCleanupIntervalMs = Int(config, Defs.TransactionRemoveExpiredTransactionCleanupIntervalMs);
        transactions.TransactionPartitionVerificationEnable = (bool)config.GetValue(Defs.TransactionPartitionVerificationEnable.Name)!;
        transactions.ProducerIdExpirationMs = Int(config, Defs.ProducerIdExpirationMs);
        transactions.ProducerIdExpirationCheckIntervalMs = Int(config, Defs.ProducerIdExpirationCheckIntervalMs);
    }

    private static int Int(BrokerConfig config, ConfigDefinition row) => (int)config.GetValue(row.Name)!;
}
