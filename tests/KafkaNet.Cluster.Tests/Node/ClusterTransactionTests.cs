using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>Transactions across brokers: the coordinator, the data partitions' leaders and the markers on three nodes.</summary>
public sealed class ClusterTransactionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_read_committed_consumer_sees_committed_transactions_and_never_aborted_ones()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "payments", NumPartitions = 3, ReplicationFactor = 3 }]);
        }

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers, TransactionalId = "payments-writer", TransactionTimeoutMs = 20000,
        }).Build())
        {
            producer.InitTransactions(Timeout);
            for (int t = 0; t < 4; t++)
            {
                producer.BeginTransaction();
                for (int i = 0; i < 6; i++)
                {
                    // Keys spread the records over the three partitions, so markers go to every leader.
                    producer.Produce("payments", new Message<string, string> { Key = "k" + i, Value = $"t{t}-r{i}" });
                }
                producer.Flush(Timeout);
                if (t % 2 == 0)
                {
                    producer.CommitTransaction(Timeout);
                }
                else
                {
                    producer.AbortTransaction(Timeout);
                }
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "auditors", AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
        }).Build();
        consumer.Subscribe("payments");
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + Timeout;
        while (seen.Count < 12 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record)
            {
                seen.Add(record.Message.Value);
            }
        }
        // A little longer: nothing aborted may arrive after the committed ones.
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < settle)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } extra)
            {
                seen.Add(extra.Message.Value);
            }
        }
        var expected = new[] { 0, 2 }.SelectMany(t => Enumerable.Range(0, 6).Select(i => $"t{t}-r{i}")).Order();
        Assert.Equal(expected, seen.Order());
    }
}
