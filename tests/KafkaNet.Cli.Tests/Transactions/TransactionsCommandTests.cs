using System.Text.Json;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Cli.Tests.Output;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Transactions;

/// <summary>
/// `kafkanet transactions` against one broker on 127.0.0.1 (node id 1): a transactional producer "tx-orders" has
/// begun a transaction and written 3 records to "orders" partition 0 (offsets 0 to 2) without committing it.
/// </summary>
public sealed class TransactionsCommandTests : IAsyncLifetime
{
    private const string Topic = "orders";
    private const string TransactionalId = "tx-orders";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private EmbeddedKafka _kafka = null!;
    private IProducer<Null, string> _transactional = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        await _kafka.CreateTopicAsync(new TopicSpec(Topic, 1, 1, []));
        _transactional = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            TransactionalId = TransactionalId,
            LingerMs = 0,
        }).Build();
        _transactional.InitTransactions(Deadline);
        _transactional.BeginTransaction();
        for (int i = 0; i < 3; i++)
        {
            await _transactional.ProduceAsync(new TopicPartition(Topic, 0), new Message<Null, string> { Value = $"in transaction {i}" });
        }
    }

    public async Task DisposeAsync()
    {
        _transactional.Dispose();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task List_describe_and_describe_producers_show_the_open_transaction()
    {
        var list = await SucceedAsync("list");
        Assert.Equal(
            """
            TransactionalId  Coordinator  ProducerId  TransactionState
            tx-orders        1            #           Ongoing

            """,
            TableMask.Mask(list.Out, "ProducerId"));

        var describe = await SucceedAsync("describe", "--transactional-id", TransactionalId);
        Assert.Equal(
            """
            CoordinatorId  TransactionalId  ProducerId  ProducerEpoch  TransactionState  TransactionTimeoutMs  CurrentTransactionStartTimeMs  TransactionDurationMs  TopicPartitions
            1              tx-orders        #           0              Ongoing           60000                 #                              #                      orders-0

            """,
            TableMask.Mask(describe.Out, "ProducerId", "CurrentTransactionStartTimeMs", "TransactionDurationMs"));

        var described = await SucceedAsync("--output", "json", "describe", "--transactional-id", TransactionalId);
        Assert.Equal(
            """
            {
              "coordinatorId": 1,
              "transactionalId": "tx-orders",
              "producerId": #,
              "producerEpoch": 0,
              "transactionState": "Ongoing",
              "transactionTimeoutMs": 60000,
              "currentTransactionStartTimeMs": #,
              "transactionDurationMs": #,
              "topicPartitions": [
                "orders-0"
              ]
            }

            """,
            JsonMask.Mask(described.Out, "producerId", "currentTransactionStartTimeMs", "transactionDurationMs"));
        using var json = JsonDocument.Parse(described.Out);
        long producerId = json.RootElement.GetProperty("producerId").GetInt64();
        long startMs = json.RootElement.GetProperty("currentTransactionStartTimeMs").GetInt64();
        Assert.InRange(startMs, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.InRange(json.RootElement.GetProperty("transactionDurationMs").GetInt64(), 0, 60_000);
        Assert.Contains(producerId.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Out, StringComparison.Ordinal);

        var producers = await SucceedAsync("describe-producers", "--topic", Topic, "--partition", "0");
        Assert.Equal(
            """
            ProducerId  ProducerEpoch  LatestCoordinatorEpoch  LastSequence  LastTimestamp  CurrentTransactionStartOffset
            #           0              -1                      2             #              0

            """,
            TableMask.Mask(producers.Out, "ProducerId", "LastTimestamp"));
        Assert.StartsWith($"{producerId} ", producers.Out.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal(producers.Out, (await SucceedAsync("describe-producers", "--topic", Topic, "--partition", "0", "--broker-id", "1")).Out);
        var producersJson = await SucceedAsync("describe-producers", "--topic", Topic, "--partition", "0", "--output", "json");
        Assert.Equal(
            """
            {
              "producers": [
                {
                  "producerId": #,
                  "producerEpoch": 0,
                  "latestCoordinatorEpoch": -1,
                  "lastSequence": 2,
                  "lastTimestamp": #,
                  "currentTransactionStartOffset": 0
                }
              ]
            }

            """,
            JsonMask.Mask(producersJson.Out, "producerId", "lastTimestamp"));
        Assert.Contains($"\"producerId\": {producerId},", producersJson.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_by_duration_producer_id_and_transactional_id_pattern()
    {
        const string Empty = "TransactionalId  Coordinator  ProducerId  TransactionState\n";
        Assert.Equal(Empty, (await SucceedAsync("list", "--duration-filter", "3600000")).Out);
        Assert.Equal(Empty, (await SucceedAsync("list", "--producer-id-filter", "999999")).Out);
        Assert.Equal(Empty, (await SucceedAsync("list", "--transactional-id-pattern", "tx-o")).Out);
        Assert.Contains("tx-orders", (await SucceedAsync("list", "--transactional-id-pattern", "tx-.*", "--duration-filter", "0")).Out, StringComparison.Ordinal);

        Assert.Equal(
            """
            {
              "transactions": [
                {
                  "transactionalId": "tx-orders",
                  "coordinator": 1,
                  "producerId": #,
                  "state": "Ongoing"
                }
              ]
            }

            """,
            JsonMask.Mask((await SucceedAsync("list", "--output", "json")).Out, "producerId"));
    }

    [Fact]
    public async Task Abort_by_start_offset_lets_a_read_committed_consumer_past_the_transaction()
    {
        using (var plain = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build())
        {
            var written = await plain.ProduceAsync(new TopicPartition(Topic, 0), new Message<Null, string> { Value = "after the transaction" });
            Assert.Equal(3, written.Offset.Value);
        }

        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "readers",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(Topic, 0, Offset.Beginning));
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(2)));

        var wrong = await RunAsync("abort", "--topic", Topic, "--partition", "0", "--start-offset", "1");
        Assert.Equal(1, wrong.Exit);
        Assert.Equal("error: Could not find any open transactions starting at offset 1 on partition orders-0\n", wrong.Error);

        var abort = await SucceedAsync("abort", "--topic", Topic, "--partition", "0", "--start-offset", "0");
        Assert.Empty(abort.Out);

        var received = ConsumeOne(consumer);
        Assert.Equal("after the transaction", received.Message.Value);
        Assert.Equal(3, received.Offset.Value);

        var producers = await SucceedAsync("describe-producers", "--topic", Topic, "--partition", "0");
        Assert.EndsWith("None\n", producers.Out.Split('\n')[1] + "\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_hanging_reports_none_while_the_coordinator_still_counts_the_partition()
    {
        const string Header = TransactionsRun.NoneHanging;
        Assert.Equal(Header, (await SucceedAsync("find-hanging", "--broker-id", "1")).Out);

        // With no time allowed, the open transaction is a candidate; the coordinator still has orders-0 in it.
        Assert.Equal(Header, (await SucceedAsync("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "0")).Out);
        Assert.Equal(Header, (await SucceedAsync("find-hanging", "--topic", Topic, "--partition", "0", "--max-transaction-timeout", "0")).Out);
        Assert.Equal("{\n  \"hangingTransactions\": []\n}\n", (await SucceedAsync("find-hanging", "--topic", Topic, "--output", "json")).Out);
    }

    [Fact]
    public async Task Errors_are_printed_with_Kafkas_error_names()
    {
        var unknownId = await RunAsync("describe", "--transactional-id", "nobody");
        Assert.Equal(1, unknownId.Exit);
        Assert.StartsWith("error: TRANSACTIONAL_ID_NOT_FOUND: Failed to describe transaction state of transactional-id `nobody`", unknownId.Error, StringComparison.Ordinal);

        var unknownTopic = await RunAsync("describe-producers", "--topic", "missing", "--partition", "0");
        Assert.Equal(1, unknownTopic.Exit);
        Assert.StartsWith("error: UNKNOWN_TOPIC_OR_PARTITION", unknownTopic.Error, StringComparison.Ordinal);

        var unknownBroker = await RunAsync("describe-producers", "--topic", Topic, "--partition", "0", "--broker-id", "9");
        Assert.Equal(1, unknownBroker.Exit);
        Assert.Equal("error: Broker 9 is not in the cluster (brokers 1).\n", unknownBroker.Error);
    }

    private static ConsumeResult<Null, string> ConsumeOne(IConsumer<Null, string> consumer)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
            {
                return result;
            }
        }

        throw new TimeoutException("The read_committed consumer got no record.");
    }

    private Task<CommandRun> RunAsync(params string[] args) => TransactionsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }
}
