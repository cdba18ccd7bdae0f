using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>acks=all to replication factor 3 through real clients: every replica ends up with the same log.</summary>
public sealed class ReplicatedProduceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Acks_all_records_reach_every_replica_and_are_consumed_in_order()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = "ledger", NumPartitions = 2, ReplicationFactor = 3,
                Configs = new Dictionary<string, string> { ["min.insync.replicas"] = "2" },
            }]);
        }

        const int count = 200;
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, MessageTimeoutMs = 30000,
        }).Build())
        {
            for (int i = 0; i < count; i++)
            {
                var result = await producer.ProduceAsync("ledger", new Message<string, string> { Key = "k" + (i % 7), Value = "v" + i });
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        }

        // Every replica's log holds the same records as its leader once the followers caught up.
        var deadline = DateTime.UtcNow + Timeout;
        bool same = false;
        while (!same && DateTime.UtcNow < deadline)
        {
            same = Enumerable.Range(0, 2).All(p =>
            {
                var ends = cluster.Nodes.Values.Select(n => n.Broker.Replicas!.Find("ledger", p)!.LogEndOffset).Distinct().ToList();
                return ends.Count == 1 && ends[0] > 0;
            });
            if (!same)
            {
                await Task.Delay(100);
            }
        }
        Assert.True(same, "followers did not catch up with their leaders");
        long total = Enumerable.Range(0, 2).Sum(p => cluster.Nodes[1].Broker.Replicas!.Find("ledger", p)!.LogEndOffset);
        Assert.Equal(count, total);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "readers", AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe("ledger");
        var seen = new List<int>();
        var lastPerKey = new Dictionary<string, int>();
        var readDeadline = DateTime.UtcNow + Timeout;
        while (seen.Count < count && DateTime.UtcNow < readDeadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record is null)
            {
                continue;
            }
            int n = int.Parse(record.Message.Value[1..], System.Globalization.CultureInfo.InvariantCulture);
            // Records of one key share a partition, so they arrive in the order they were produced.
            if (lastPerKey.TryGetValue(record.Message.Key, out int previous))
            {
                Assert.True(n > previous, $"key {record.Message.Key}: {n} after {previous}");
            }
            lastPerKey[record.Message.Key] = n;
            seen.Add(n);
        }
        Assert.Equal(Enumerable.Range(0, count), seen.Order());
    }
}
