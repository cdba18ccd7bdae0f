using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Transactions;

/// <summary>
/// A hanging transaction as a lost coordinator leaves it: a producer wrote 3 records of an open transaction to
/// "orders" partition 0, then the broker restarted without its __transaction_state logs, so no coordinator will ever
/// end the transaction on that partition.
/// </summary>
public sealed class HangingTransactionTests : IAsyncLifetime
{
    private const string Topic = "orders";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-hanging-" + Guid.NewGuid().ToString("N"));
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        await using (var first = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = _dataDirectory }))
        {
            await first.CreateTopicAsync(new TopicSpec(Topic, 1, 1, []));
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
            {
                BootstrapServers = first.BootstrapServers,
                TransactionalId = "tx-lost",
                LingerMs = 0,
            }).Build();
            producer.InitTransactions(Deadline);
            producer.BeginTransaction();
            for (int i = 0; i < 3; i++)
            {
                await producer.ProduceAsync(new TopicPartition(Topic, 0), new Message<Null, string> { Value = $"in transaction {i}" });
            }
        }

        foreach (var coordinatorLog in Directory.GetDirectories(_dataDirectory, "__transaction_state-*"))
        {
            Directory.Delete(coordinatorLog, recursive: true);
        }

        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = _dataDirectory });
    }

    public async Task DisposeAsync()
    {
        await _kafka.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Find_hanging_reports_the_transaction_and_abort_by_producer_ends_it()
    {
        var hanging = await SucceedAsync("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "0");
        Assert.Equal(
            """
            Topic   Partition  ProducerId  ProducerEpoch  CoordinatorEpoch  StartOffset  LastTimestamp  Duration(min)
            orders  0          #           0              -1                0            #              0

            """,
            TableMask.Mask(hanging.Out, "ProducerId", "LastTimestamp"));
        Assert.Equal(TransactionsRun.NoneHanging, (await SucceedAsync("find-hanging", "--broker-id", "1")).Out);

        string producerId = hanging.Out.Split('\n')[1].Split("  ", StringSplitOptions.RemoveEmptyEntries)[2].Trim();
        var abort = await SucceedAsync("abort", "--topic", Topic, "--partition", "0",
            "--producer-id", producerId, "--producer-epoch", "0", "--coordinator-epoch", "-1");
        Assert.Empty(abort.Out);

        Assert.Equal(TransactionsRun.NoneHanging, (await SucceedAsync("find-hanging", "--broker-id", "1", "--max-transaction-timeout", "0")).Out);
    }

    private async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await TransactionsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }
}
