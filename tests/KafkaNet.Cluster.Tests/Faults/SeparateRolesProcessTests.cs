using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cluster.Tests.Quorum;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// kafkanet-server processes with separate roles, as docker/cluster/start-separate-roles.sh runs them but smaller: one
/// process with process.roles=controller, two with process.roles=broker that find it through controller.quorum.voters.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class SeparateRolesProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_broker_processes_and_a_controller_process_serve_acks_all_and_a_killed_broker_catches_up_on_restart()
    {
        string root = QuorumTestSupport.TempDirectory();
        var ports = QuorumTestSupport.Voters(3).Select(v => v.Port).ToList();
        int controllerPort = ports[2];
        string[] common =
        [
            $"controller.quorum.voters=3@127.0.0.1:{controllerPort}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "cluster.id=separate-roles",
            "broker.heartbeat.interval.ms=250",
            "broker.session.timeout.ms=2000",
            "replica.lag.time.max.ms=2000",
            "replica.fetch.wait.max.ms=200",
        ];
        var controller = new ServerNode(3, controllerPort, Path.Combine(root, "controller-3"), Path.Combine(root, "controller-3.log"),
            [.. common, "node.id=3", "process.roles=controller", $"listeners=CONTROLLER://127.0.0.1:{controllerPort}", $"log.dirs={Path.Combine(root, "controller-3")}"]);
        var brokers = Enumerable.Range(1, 2).Select(id => new ServerNode(id, ports[id - 1], Path.Combine(root, $"broker-{id}"), Path.Combine(root, $"broker-{id}.log"),
            [.. common, $"node.id={id}", "process.roles=broker", $"listeners=PLAINTEXT://127.0.0.1:{ports[id - 1]}", $"log.dirs={Path.Combine(root, $"broker-{id}")}"])).ToList();
        bool passed = false;
        try
        {
            controller.Start();
            brokers.ForEach(b => b.Start());
            string bootstrap = string.Join(',', brokers.Select(b => b.Bootstrap));
            await UntilAsync(() => BrokerIds(bootstrap) is [1, 2], "Metadata lists the two brokers and not the controller");

            using (var admin = Admin(bootstrap))
            {
                await admin.CreateTopicsAsync([new TopicSpecification { Name = "roles", NumPartitions = 2, ReplicationFactor = 2,
                    Configs = new() { ["min.insync.replicas"] = "2" } }]);
            }
            await ProduceAsync(bootstrap, 0, 50);

            brokers[1].Kill();
            await ProduceAsync(brokers[0].Bootstrap, 50, 10, Acks.Leader);
            brokers[1].Start();
            await UntilAsync(() => FullIsr(bootstrap, "roles"), "the restarted broker is back in every ISR");
            await ProduceAsync(bootstrap, 60, 10);

            // Both brokers serve every record, from whichever replica leads.
            using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
            {
                BootstrapServers = brokers[1].Bootstrap,
                GroupId = "roles-readers",
                AutoOffsetReset = AutoOffsetReset.Earliest,
            }).Build();
            consumer.Subscribe("roles");
            var seen = new HashSet<string>();
            var until = DateTime.UtcNow + Deadline;
            while (seen.Count < 70 && DateTime.UtcNow < until)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
                    seen.Add(result.Message.Value);
            }
            consumer.Close();
            Assert.Equal(70, seen.Count);
            Assert.True(controller.Running, "the controller process exited");
            passed = true;
        }
        finally
        {
            controller.Dispose();
            brokers.ForEach(b => b.Dispose());
            if (passed)
                QuorumTestSupport.DeleteQuietly(root);
        }
    }

    private static IAdminClient Admin(string bootstrap) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5000 }).Build();

    private static async Task ProduceAsync(string bootstrap, int first, int count, Acks acks = Acks.All)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, Acks = acks, MessageTimeoutMs = 30000 }).Build();
        for (int i = first; i < first + count; i++)
        {
            var report = await producer.ProduceAsync("roles", new Message<Null, string> { Value = $"r{i}" });
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }
    }

    private static int[] BrokerIds(string bootstrap)
    {
        try
        {
            using var admin = Admin(bootstrap);
            return [.. admin.GetMetadata(TimeSpan.FromSeconds(3)).Brokers.Select(b => b.BrokerId).Order()];
        }
        catch (KafkaException)
        {
            return [];
        }
    }

    private static bool FullIsr(string bootstrap, string topic)
    {
        try
        {
            using var admin = Admin(bootstrap);
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(3)).Topics.Single().Partitions;
            return partitions.Count == 2 && partitions.All(p => p.InSyncReplicas.Length == 2);
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out waiting until {what}");
            await Task.Delay(250);
        }
    }
}
