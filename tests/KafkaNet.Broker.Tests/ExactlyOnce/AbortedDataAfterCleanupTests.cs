using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>
/// Aborted records stay invisible to read_committed readers after retention, DeleteRecords or compaction remove the
/// segments around them. Every segment here holds about one batch (segment.ms=1), so cleanup cuts between them.
/// </summary>
public sealed class AbortedDataAfterCleanupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_log_start_inside_an_aborted_transaction_hides_its_remaining_records_from_read_committed_readers()
    {
        await using var kafka = await StartAsync();
        const string topic = "aborted-then-deleted";
        kafka.CreateTopic(new TopicSpec(topic, 1, 1, [new("segment.ms", "1")]));
        ProduceTransactions(kafka.BootstrapServers, topic, ("c1", true), ("a1", false), ("c2", true));

        // c1 is offsets 0-4 and its marker 5; a1 is 6-10 and its marker 11. Start the log inside a1.
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 8)]);
        }
        kafka.Broker.Replicas!.RunMaintenance();
        var log = kafka.Broker.Replicas.Find(topic, 0)!;
        Assert.Equal(8, log.LogStartOffset);
        Assert.True(log.Segments[0].BaseOffset > 0, "segments below the log start were deleted");

        Assert.Equal(Values("c2"), Read(kafka.BootstrapServers, topic, IsolationLevel.ReadCommitted));
        Assert.Equal([.. new[] { "a1-2", "a1-3", "a1-4" }, .. Values("c2")], Read(kafka.BootstrapServers, topic, IsolationLevel.ReadUncommitted));
    }

    [Fact]
    public async Task Compaction_keeps_committed_values_that_a_later_aborted_transaction_overwrote_and_drops_the_aborted_ones()
    {
        await using var kafka = await StartAsync();
        const string topic = "aborted-then-compacted";
        kafka.CreateTopic(new TopicSpec(topic, 1, 1,
        [
            new("cleanup.policy", "compact"),
            new("segment.ms", "1"),
            new("min.cleanable.dirty.ratio", "0.01"),
        ]));
        // c1 and a1 write the same five keys; c2 writes others, so the cleaner has closed segments to work on.
        ProduceTransactions(kafka.BootstrapServers, topic, ("c1", true), ("a1", false), ("c2", true));

        int cleaned = kafka.Broker.Replicas!.Find(topic, 0)!.Compact();
        Assert.True(cleaned > 0, "the cleaner rewrote no segment");

        Assert.Equal([.. Values("c1"), .. Values("c2")], Read(kafka.BootstrapServers, topic, IsolationLevel.ReadCommitted));
        Assert.DoesNotContain(Read(kafka.BootstrapServers, topic, IsolationLevel.ReadUncommitted), v => v.StartsWith("a1", StringComparison.Ordinal));
    }

    private static Task<EmbeddedKafka> StartAsync() => EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
    {
        Configure = o => o.Transactions.TransactionStateLogNumPartitions = 1,
    });

    private static List<string> Values(string prefix) => [.. Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}")];

    /// <summary>Five records per transaction, keyed k0..k4 for c1 and a1 and k5..k9 for c2, each delivered before it ends.</summary>
    private static void ProduceTransactions(string bootstrap, string topic, params (string Prefix, bool Commit)[] transactions)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            TransactionalId = "cleanup-" + topic,
            LingerMs = 0,
        }).Build();
        producer.InitTransactions(Patience);
        foreach (var (prefix, commit) in transactions)
        {
            producer.BeginTransaction();
            int firstKey = prefix == "c2" ? 5 : 0;
            for (int i = 0; i < 5; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{firstKey + i}", Value = $"{prefix}-{i}" });
                Assert.Equal(0, producer.Flush(Patience));
            }
            if (commit)
            {
                producer.CommitTransaction(Patience);
            }
            else
            {
                producer.AbortTransaction(Patience);
            }
        }
    }

    private static List<string> Read(string bootstrap, string topic, IsolationLevel isolation) =>
        NumberedRecords.ReadAll(bootstrap, topic, 1, isolation)[0];
}
