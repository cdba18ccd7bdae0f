using KafkaNet.Broker.Transactions;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class TransactionSettingsTests
{
    [Fact]
    public void Defaults_of_the_properties_are_the_coordinators_defaults()
    {
        var applied = new TransactionCoordinatorOptions();
        TransactionSettings.Apply(Props.Load(), applied);

        Assert.Equivalent(new TransactionCoordinatorOptions(), applied, strict: true);
    }

    [Fact]
    public void Transaction_properties_reach_the_coordinator()
    {
        var config = Props.Load(
            "transaction.state.log.num.partitions=7",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.segment.bytes=1048576",
            "transaction.max.timeout.ms=60000",
            "transactional.id.expiration.ms=3600000",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms=500",
            "transaction.remove.expired.transaction.cleanup.interval.ms=2000",
            "transaction.partition.verification.enable=false",
            "producer.id.expiration.ms=120000",
            "producer.id.expiration.check.interval.ms=1000");
        var options = new TransactionCoordinatorOptions();

        TransactionSettings.Apply(config, options);

        Assert.Equal((7, (short)1, 1, 1048576, 60000), (options.TransactionStateLogNumPartitions, options.TransactionStateLogReplicationFactor,
            options.TransactionStateLogMinIsr, options.TransactionStateLogSegmentBytes, options.TransactionMaxTimeoutMs));
        Assert.Equal((3600000, 500, 2000), (options.TransactionalIdExpirationMs, options.TransactionAbortTimedOutTransactionCleanupIntervalMs,
            options.TransactionRemoveExpiredTransactionCleanupIntervalMs));
        Assert.False(options.TransactionPartitionVerificationEnable);
        Assert.Equal((120000L, 1000L), (options.ProducerIdExpirationMs, options.ProducerIdExpirationCheckIntervalMs));
    }

    [Theory]
    [InlineData("transaction.state.log.num.partitions", "0")]
    [InlineData("transaction.state.log.replication.factor", "40000")]
    [InlineData("transaction.state.log.min.isr", "0")]
    [InlineData("transaction.max.timeout.ms", "-5")]
    [InlineData("transactional.id.expiration.ms", "0")]
    [InlineData("transaction.abort.timed.out.transaction.cleanup.interval.ms", "0")]
    [InlineData("transaction.partition.verification.enable", "maybe")]
    [InlineData("producer.id.expiration.ms", "0")]
    public void Invalid_transaction_properties_stop_startup(string name, string value) => Props.Rejects(name, value);
}
