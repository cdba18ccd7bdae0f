using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Records;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>
/// Exactly-once under crashes: a transactional consume-transform-produce process copies numbered records while the
/// broker (a real server process) and the copier are each killed with SIGKILL and restarted at random moments.
/// Afterwards a read_committed reader of the output sees every input record once, in per-partition order.
/// </summary>
public sealed class ExactlyOnceCrashTests(ITestOutputHelper output)
{
    private const int Partitions = 3;
    private const int Records = 100_000;
    private const int MinimumBrokerKills = 5;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(6);

    private static readonly string[] Overrides =
    [
        "offsets.topic.num.partitions=3",
        "transaction.state.log.num.partitions=3",
        "group.initial.rebalance.delay.ms=0",
    ];

    [Fact]
    public async Task A_copy_loop_killed_with_its_broker_at_random_moments_copies_every_record_exactly_once()
    {
        using var data = new TempDirectory();
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var server = await ServerProcess.StartAsync(data.Path, overrides: Overrides);
        CopierProcess? copier = null;
        try
        {
            string bootstrap = server.BootstrapServers;
            await CreateTopicsAsync(bootstrap, "input", "output");
            ProduceInput(bootstrap);

            copier = StartCopier(bootstrap);
            int brokerKills = 0, copierKills = 0, copierRestarts = 0;
            long copied = 0;
            var clock = Stopwatch.StartNew();
            for (int round = 0; round < 1000 && clock.Elapsed < Budget && copied < Records; round++)
            {
                // Disruptions come quickly until the minimum is reached, while the copy has far to go, then sparser.
                bool minimumReached = brokerKills >= MinimumBrokerKills && copierKills >= 1;
                await Task.Delay(minimumReached ? random.Next(2000, 4000) : random.Next(500, 1500));
                if (copier.HasExited)
                {
                    output.WriteLine($"copier exited: {string.Join(" | ", copier.Errors.TakeLast(3))}");
                    copier.Dispose();
                    copier = StartCopier(bootstrap);
                    copierRestarts++;
                }
                else if (random.Next(4) == 0)
                {
                    copier.Kill();
                    copier.Dispose();
                    copier = StartCopier(bootstrap);
                    copierKills++;
                }
                else
                {
                    await server.KillAsync();
                    server.Dispose();
                    server = await ServerProcess.StartAsync(data.Path, server.Port, Overrides);
                    brokerKills++;
                }
                copied = await CommittedInputOffsetsAsync(bootstrap) ?? copied;
            }
            output.WriteLine($"broker kills {brokerKills}, copier kills {copierKills}, copier restarts {copierRestarts}, {clock.Elapsed}");
            Assert.True(brokerKills >= MinimumBrokerKills, $"only {brokerKills} broker kills");
            Assert.True(copierKills >= 1, "the copier was never killed");
            Assert.Equal(Records, copied);
            copier.Kill();

            var copies = NumberedRecords.ReadAll(bootstrap, "output", Partitions, IsolationLevel.ReadCommitted);
            for (int p = 0; p < Partitions; p++)
            {
                Assert.Equal(NumberedRecords.Expected(p, InputCount(p)), copies[p]);
            }
        }
        finally
        {
            copier?.Dispose();
            server.Dispose();
        }
    }

    private static CopierProcess StartCopier(string bootstrap) =>
        CopierProcess.Start(bootstrap, "input", "output", "copier-group", "copier-1", transactionSize: 100);

    // Records 0, 3, 6... go to partition 0 and so on: partition p holds InputCount(p) records numbered 0, 1, 2...
    private static int InputCount(int partition) => (Records - partition + Partitions - 1) / Partitions;

    private static async Task CreateTopicsAsync(string bootstrap, params string[] topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync(topics.Select(t => new TopicSpecification { Name = t, NumPartitions = Partitions, ReplicationFactor = 1 }));
    }

    private static void ProduceInput(string bootstrap)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 5 }).Build();
        var next = new int[Partitions];
        for (int i = 0; i < Records; i++)
        {
            int p = i % Partitions;
            producer.Produce(new TopicPartition("input", p), new Message<Null, string> { Value = $"{p}:{next[p]++}" });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(60)));
    }

    /// <summary>The copier group's committed input offsets summed over partitions; null while the broker cannot answer.</summary>
    private static async Task<long?> CommittedInputOffsetsAsync(string bootstrap)
    {
        try
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5000 }).Build();
            var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition("input", p)).ToList();
            var result = await admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions("copier-group", partitions)],
                new ListConsumerGroupOffsetsOptions { RequireStableOffsets = true, RequestTimeout = TimeSpan.FromSeconds(5) });
            return result.Single().Partitions.Sum(p => p.Offset == Offset.Unset ? 0 : p.Offset.Value);
        }
        catch (KafkaException)
        {
            return null;
        }
    }
}
