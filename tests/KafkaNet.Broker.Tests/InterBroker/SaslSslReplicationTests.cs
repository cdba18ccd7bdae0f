using System.Diagnostics;
using Confluent.Kafka.Admin;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.InterBroker;

/// <summary>
/// Three combined nodes whose only broker listener is SASL_SSL (PLAIN): clients and replica fetchers both authenticate
/// there. A fourth broker logs in to its peers with the wrong password.
/// </summary>
public sealed class SaslSslReplicationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-interbroker-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<int, KafkaNode> _nodes = [];
    private readonly Dictionary<int, int> _ports = [];
    private readonly CapturingLoggerProvider _wrongPasswordLog = new();
    private TestCertificateAuthority _authority = null!;
    private ILoggerFactory _wrongPasswordLogger = null!;

    public async Task InitializeAsync()
    {
        _authority = new TestCertificateAuthority(_directory);
        var controllerPorts = Enumerable.Range(1, 3).ToDictionary(id => id, _ => SecuredNodes.FreePort());
        foreach (int id in Enumerable.Range(1, 4))
        {
            _ports[id] = SecuredNodes.FreePort();
        }
        string voters = string.Join(',', controllerPorts.Select(p => $"{p.Key}@127.0.0.1:{p.Value}"));

        var starting = Enumerable.Range(1, 3).Select(id =>
        {
            var properties = Common(id, SecuredNodes.Jaas(), voters);
            properties["process.roles"] = "broker,controller";
            properties["listeners"] = $"SASL_SSL://127.0.0.1:{_ports[id]},CONTROLLER://127.0.0.1:{controllerPorts[id]}";
            return SecuredNodes.StartAsync(properties, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        }).ToList();
        foreach (var node in await Task.WhenAll(starting))
        {
            _nodes[node.NodeId] = node;
        }

        _wrongPasswordLogger = LoggerFactory.Create(b => b.AddProvider(_wrongPasswordLog).SetMinimumLevel(LogLevel.Information));
        var wrong = Common(4, SecuredNodes.Jaas(password: "not-the-password"), voters);
        wrong["process.roles"] = "broker";
        _nodes[4] = await SecuredNodes.StartAsync(wrong, _wrongPasswordLogger);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.StopAsync(controlled: false);
        }
        _wrongPasswordLogger.Dispose();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Acks_all_produce_replicates_to_every_follower_and_leadership_moves_when_the_leader_stops()
    {
        const string topic = "replicated";
        await CreateAsync(topic, [1, 2, 3]);
        var config = SecuredNodes.ClientConfig(Bootstrap(1, 2, 3), _authority);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(config) { Acks = Acks.All }).Build())
        {
            for (int i = 0; i < 10; i++)
            {
                var delivered = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "record-" + i });
                Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
            }
        }
        await WaitUntilAsync(() => Enumerable.Range(1, 3).All(id => _nodes[id].Broker.Replicas?.Find(topic, 0)?.LogEndOffset == 10), "every replica holds the 10 records");

        await _nodes[1].StopAsync();
        using var admin = new AdminClientBuilder(new AdminClientConfig(SecuredNodes.ClientConfig(Bootstrap(2, 3), _authority))).Build();
        await WaitUntilAsync(() => admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics[0].Partitions is [var partition] && partition.Leader is 2 or 3, "a new leader among 2 and 3");
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(SecuredNodes.ClientConfig(Bootstrap(2, 3), _authority))
        {
            // No group: its coordinator may have been the stopped node.
            GroupId = "after-failover",
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = new List<string>();
        var clock = Stopwatch.StartNew();
        while (values.Count < 10 && clock.Elapsed < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { Message: not null } record)
            {
                values.Add(record.Message.Value);
            }
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "record-" + i), values);
    }

    [Fact]
    public async Task A_broker_with_the_wrong_password_logs_the_refusal_and_drops_out_of_the_isr()
    {
        const string topic = "refused";
        await CreateAsync(topic, [2, 4]);
        using var admin = new AdminClientBuilder(new AdminClientConfig(SecuredNodes.ClientConfig(Bootstrap(2, 3), _authority))).Build();

        await WaitUntilAsync(() => _wrongPasswordLog.Messages.Any(m => m.StartsWith($"Authentication to node 2 (127.0.0.1:{_ports[2]}) failed: SASL_AUTHENTICATION_FAILED", StringComparison.Ordinal)),
            "broker 4 logs that node 2 refused its login");
        await WaitUntilAsync(() => admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics[0].Partitions is [var partition] && partition.InSyncReplicas.SequenceEqual([2]), "the ISR shrinks to the leader");

        Assert.DoesNotContain(_wrongPasswordLog.Messages, m => m.Contains("not-the-password", StringComparison.Ordinal));
        Assert.False(_nodes[4].IsFenced);
    }

    private Dictionary<string, string> Common(int id, string jaas, string voters)
    {
        var properties = SecuredNodes.Properties(id, _ports[id], _directory, _authority, jaas);
        properties["controller.quorum.voters"] = voters;
        properties["controller.listener.names"] = "CONTROLLER";
        properties["security.inter.broker.protocol"] = "SASL_SSL";
        properties["sasl.mechanism.inter.broker.protocol"] = "PLAIN";
        properties["controller.quorum.election.timeout.ms"] = "500";
        properties["broker.heartbeat.interval.ms"] = "200";
        properties["replica.lag.time.max.ms"] = "3000";
        return properties;
    }

    private string Bootstrap(params int[] ids) => string.Join(',', ids.Select(id => $"127.0.0.1:{_ports[id]}"));

    private async Task CreateAsync(string topic, int[] replicas)
    {
        // The controller refuses a manual assignment naming a broker it has not registered (or has fenced) yet.
        await WaitUntilAsync(() => Array.TrueForAll(replicas, id => _nodes[replicas[0]].Broker.Image.Brokers.TryGetValue(id, out var broker) && !broker.Fenced),
            $"brokers {string.Join(',', replicas)} registered and unfenced");
        using var admin = new AdminClientBuilder(new AdminClientConfig(SecuredNodes.ClientConfig(Bootstrap(replicas[0]), _authority))).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = -1, ReplicasAssignments = new() { [0] = [.. replicas] } }]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 300 && clock.Elapsed < Deadline; attempt++)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (KafkaException)
            {
                // not answering yet
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting until {what}");
    }
}
