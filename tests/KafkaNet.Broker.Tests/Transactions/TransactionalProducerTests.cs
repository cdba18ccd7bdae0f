using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>
/// Confluent.Kafka's transactional producer (librdkafka: FindCoordinator, InitProducerId, AddPartitionsToTxn v0,
/// EndTxn v1) against the embedded broker. Only what the coordinator decides is asserted here; what read_committed
/// consumers see is the business of the markers in the partitions.
/// </summary>
public sealed class TransactionalProducerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task InitTransactions_Produce_and_CommitTransaction_succeed_and_the_commit_is_durable_when_it_returns()
    {
        await using var kafka = await StartAsync();
        using var producer = Producer(kafka, "committer");

        producer.InitTransactions(ClientTimeout);
        var initialised = kafka.Broker.Transactions.Describe("committer");
        producer.BeginTransaction();
        for (int i = 0; i < 10; i++)
        {
            producer.Produce(new Confluent.Kafka.TopicPartition("orders", i % 2), new Message<Null, string> { Value = $"v{i}" });
        }
        producer.Flush(ClientTimeout);
        var ongoing = kafka.Broker.Transactions.Describe("committer");
        producer.CommitTransaction(ClientTimeout);
        var committed = kafka.Broker.Transactions.Describe("committer");

        Assert.Equal(("Empty", (short)0), (initialised.State, initialised.ProducerEpoch));
        Assert.Equal("Ongoing", ongoing.State);
        Assert.Equal(["orders-0", "orders-1"], ongoing.Partitions.Select(p => p.ToString()));
        // EndTxn is answered once PrepareCommit is durable; the markers may still be on their way.
        Assert.Contains(committed.State, new[] { "PrepareCommit", "CompleteCommit" });
        Assert.Equal(initialised.ProducerId, committed.ProducerId);
    }

    [Fact]
    public async Task An_idempotent_producer_gets_a_producer_id_and_its_records_are_delivered()
    {
        await using var kafka = await StartAsync();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            SocketTimeoutMs = 10000,
            MessageTimeoutMs = 10000,
        }).Build();

        var delivered = new List<DeliveryResult<Null, string>>();
        for (int i = 0; i < 5; i++)
        {
            delivered.Add(await producer.ProduceAsync(new Confluent.Kafka.TopicPartition("orders", 0), new Message<Null, string> { Value = $"i{i}" }));
        }

        Assert.All(delivered, d => Assert.Equal(PersistenceStatus.Persisted, d.Status));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), delivered.Select(d => d.Offset.Value));
        Assert.Equal(1000, kafka.Node.Controller.Image.NextProducerId); // InitProducerId took the first block of ids from the controller
    }

    [Fact]
    public async Task AbortTransaction_succeeds_and_the_abort_is_durable_when_it_returns()
    {
        await using var kafka = await StartAsync();
        using var producer = Producer(kafka, "aborter");
        producer.InitTransactions(ClientTimeout);
        producer.BeginTransaction();
        producer.Produce(new Confluent.Kafka.TopicPartition("orders", 0), new Message<Null, string> { Value = "doomed" });
        producer.Flush(ClientTimeout);

        producer.AbortTransaction(ClientTimeout);

        Assert.Contains(kafka.Broker.Transactions.Describe("aborter").State, new[] { "PrepareAbort", "CompleteAbort" });
    }

    [Fact]
    public async Task A_second_producer_with_the_same_transactional_id_fences_the_first()
    {
        await using var kafka = await StartAsync();
        using var zombie = Producer(kafka, "shared");
        zombie.InitTransactions(ClientTimeout);
        using var successor = Producer(kafka, "shared");
        successor.InitTransactions(ClientTimeout);

        zombie.BeginTransaction();
        zombie.Produce(new Confluent.Kafka.TopicPartition("orders", 0), new Message<Null, string> { Value = "zombie" });
        var fenced = Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(ClientTimeout));

        output.WriteLine($"the zombie's commit: {fenced.Error.Code} {fenced.Error.Reason}");
        Assert.True(fenced.Error.IsFatal, fenced.Error.ToString());
        Assert.Equal(1, kafka.Broker.Transactions.Describe("shared").ProducerEpoch);
        Assert.Equal("Empty", kafka.Broker.Transactions.Describe("shared").State); // the zombie added nothing
    }

    [Fact]
    public async Task A_producer_whose_transaction_times_out_is_aborted_and_fenced_by_the_coordinator()
    {
        await using var kafka = await StartAsync(o => o.Transactions.TransactionAbortTimedOutTransactionCleanupIntervalMs = 100);
        using var producer = Producer(kafka, "sleepy", transactionTimeoutMs: 1500);
        producer.InitTransactions(ClientTimeout);
        producer.BeginTransaction();
        producer.Produce(new Confluent.Kafka.TopicPartition("orders", 0), new Message<Null, string> { Value = "late" });
        producer.Flush(ClientTimeout);

        // The fence bumps the epoch before the abort is written, so the state may read Ongoing for a moment after it.
        var harnessClock = System.Diagnostics.Stopwatch.StartNew();
        while (kafka.Broker.Transactions.Describe("sleepy") is { State: "Empty" or "Ongoing" } && harnessClock.Elapsed < ClientTimeout)
        {
            await Task.Delay(50);
        }
        var afterTimeout = kafka.Broker.Transactions.Describe("sleepy");
        var fenced = Assert.ThrowsAny<KafkaException>(() => producer.CommitTransaction(ClientTimeout));

        output.WriteLine($"the commit after the timeout: {fenced.Error.Code} {fenced.Error.Reason}");
        Assert.Equal(1, afterTimeout.ProducerEpoch);
        Assert.Contains(afterTimeout.State, new[] { "PrepareAbort", "CompleteAbort" });
        Assert.True(fenced.Error.IsFatal, fenced.Error.ToString());
    }

    private static async Task<EmbeddedKafka> StartAsync(Action<BrokerOptions>? configure = null)
    {
        var kafka = await TransactionWire.StartAsync(configure);
        kafka.CreateTopic(new TopicSpec("orders", 2, 1, []));
        return kafka;
    }

    private static IProducer<Null, string> Producer(EmbeddedKafka kafka, string transactionalId, int transactionTimeoutMs = 60000) =>
        new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            TransactionalId = transactionalId,
            TransactionTimeoutMs = transactionTimeoutMs,
            // librdkafka wants both within the transaction timeout.
            MessageTimeoutMs = Math.Min(transactionTimeoutMs, 10000),
            SocketTimeoutMs = Math.Min(transactionTimeoutMs, 10000),
            LingerMs = 1,
        }).Build();
}
