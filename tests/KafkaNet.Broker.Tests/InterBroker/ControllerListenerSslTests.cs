using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol.Messages;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Tests.InterBroker;

/// <summary>
/// A controller alone whose controller listener is SSL and requires client certificates, and a broker alone with a
/// PLAINTEXT client listener: the broker registers, heartbeats, forwards and follows the metadata log over TLS,
/// presenting its keystore, and serves clients.
/// </summary>
public sealed class ControllerListenerSslTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-controller-ssl-" + Guid.NewGuid().ToString("N"));
    private readonly List<KafkaNode> _nodes = [];
    private TestCertificateAuthority _authority = null!;
    private int _brokerPort;
    private int _controllerPort;

    public async Task InitializeAsync()
    {
        _authority = new TestCertificateAuthority(_directory);
        _brokerPort = SecuredNodes.FreePort();
        _controllerPort = SecuredNodes.FreePort();
        var controller = Common(1);
        controller["process.roles"] = "controller";
        controller["listeners"] = $"CONTROLLER://127.0.0.1:{_controllerPort}";
        controller["listener.name.controller.ssl.client.auth"] = "required";
        _nodes.Add(await SecuredNodes.StartAsync(controller, NullLoggerFactory.Instance));
        var broker = Common(2);
        broker["process.roles"] = "broker";
        broker["listeners"] = $"PLAINTEXT://127.0.0.1:{_brokerPort}";
        broker["advertised.listeners"] = $"PLAINTEXT://127.0.0.1:{_brokerPort}";
        _nodes.Add(await SecuredNodes.StartAsync(broker, NullLoggerFactory.Instance));
        await Task.WhenAll(_nodes.Select(n => n.Ready)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync(controlled: false);
        }
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_broker_registers_over_TLS_and_serves_clients_while_a_client_without_a_certificate_is_refused()
    {
        const string topic = "over-ssl";
        var config = new ClientConfig { BootstrapServers = $"127.0.0.1:{_brokerPort}" };
        using (var admin = new AdminClientBuilder(new AdminClientConfig(config)).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);
        }
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig(config)).Build();
        var delivered = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "registered over TLS" });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.False(_nodes[1].IsFenced);
        Assert.True(_nodes[0].Broker.Image.TopicsByName.ContainsKey(topic));

        // Trusting the controller is not enough: it wants a client certificate.
        var security = new NodeClientSecurity { Tls = new NodeTlsSettings { TrustedRoots = [_authority.Authority] } };
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", _controllerPort), new NodeClientOptions { Security = security });
        await Assert.ThrowsAnyAsync<NodeUnreachableException>(() =>
            client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 3, CancellationToken.None));
    }

    private Dictionary<string, string> Common(int id) => new(_authority.ServerProperties(), StringComparer.Ordinal)
    {
        ["node.id"] = id.ToString(CultureInfo.InvariantCulture),
        ["controller.quorum.voters"] = $"1@127.0.0.1:{_controllerPort}",
        ["controller.listener.names"] = "CONTROLLER",
        ["listener.security.protocol.map"] = "PLAINTEXT:PLAINTEXT,CONTROLLER:SSL",
        ["cluster.id"] = "controller-ssl",
        ["log.dirs"] = Path.Combine(_directory, "node-" + id),
        ["broker.heartbeat.interval.ms"] = "200",
    };
}
