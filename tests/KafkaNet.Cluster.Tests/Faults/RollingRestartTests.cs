using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>A rolling restart with controlled shutdown, as operators upgrade a cluster, while clients keep working.</summary>
[Collection(ProcessClusterCollection.Name)]
[Trait("Category", "Faults")]
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const string Topic = "rolling";
    private const int Partitions = 3;
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Restarting_each_broker_in_turn_with_controlled_shutdown_fails_no_produce_and_the_consumer_gets_every_record()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        await QuorumLossTests.CreateAsync(cluster, Topic, Partitions, 3, "2");
        await cluster.UntilAsync(() => cluster.FullyInSync(Topic), "the topic is fully in sync", Heal);

        var acknowledged = new ConcurrentDictionary<int, bool>();
        var failures = new ConcurrentQueue<string>();
        var received = new ConcurrentDictionary<int, bool>();
        int sent = 0;
        using var stop = new CancellationTokenSource();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.Bootstrap, Acks = Acks.All, EnableIdempotence = true,
        }).Build();
        using var stopConsumer = new CancellationTokenSource();
        var consuming = Task.Run(() => Consume(cluster.Bootstrap, received, stopConsumer.Token));
        var producing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int v = sent++;
                producer.Produce(new TopicPartition(Topic, v % Partitions), new Message<Null, string> { Value = v.ToString(CultureInfo.InvariantCulture) }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError)
                        acknowledged[v] = true;
                    else
                        failures.Enqueue($"{v}: {report.Error.Code}");
                });
                await Task.Delay(5, CancellationToken.None);
            }
        });

        try
        {
            await Task.Delay(1000);
            foreach (var node in cluster.Nodes)
            {
                var clock = Stopwatch.StartNew();
                int registrations = node.Registrations;
                Assert.True(node.Terminate(TimeSpan.FromSeconds(30)), $"node {node.NodeId} did not finish its controlled shutdown");
                var down = clock.Elapsed;
                node.Start();
                await cluster.UntilAsync(() => node.Registrations > registrations, $"node {node.NodeId} registers again", Heal);
                await cluster.UntilAsync(() => cluster.FullyInSync(Topic), $"node {node.NodeId} is back in every ISR", Heal);
                output.WriteLine($"node {node.NodeId}: shut down in {down.TotalSeconds:0.0}s, back in every ISR after {clock.Elapsed.TotalSeconds:0.0}s");
            }
            await Task.Delay(1000);
        }
        finally
        {
            await stop.CancelAsync();
            await producing;
        }
        int pending = producer.Flush(TimeSpan.FromSeconds(60));
        output.WriteLine($"sent {sent}, acknowledged {acknowledged.Count}, failed {failures.Count}, pending {pending}");
        Assert.Equal(0, pending);
        Assert.True(failures.IsEmpty, "failed deliveries: " + string.Join(", ", failures.Take(10)));
        Assert.Equal(sent, acknowledged.Count);

        var drainClock = Stopwatch.StartNew();
        while (received.Count < sent && drainClock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        await stopConsumer.CancelAsync();
        await consuming;
        var missing = Enumerable.Range(0, sent).Where(v => !received.ContainsKey(v)).ToList();
        Assert.True(missing.Count == 0, $"the consumer missed {missing.Count} of {sent} records, first {string.Join(",", missing.Take(10))}");
        cluster.KeepFiles = false;
    }

    /// <summary>Reads every partition from the start until stopped and the producer's records have all arrived.</summary>
    private static void Consume(string bootstrap, ConcurrentDictionary<int, bool> received, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "rolling-reader", EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var clock = Stopwatch.StartNew();
        // Bounded: the test stops it, and it never outlives five minutes.
        while (!stop.IsCancellationRequested && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record is { IsPartitionEOF: false })
                received[int.Parse(record.Message.Value, CultureInfo.InvariantCulture)] = true;
        }
    }
}
