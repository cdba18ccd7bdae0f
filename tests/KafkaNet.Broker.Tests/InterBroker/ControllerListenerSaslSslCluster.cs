using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.InterBroker;

/// <summary>
/// Three combined nodes whose controller listener is SASL_SSL (PLAIN), with Kafka's StandardAuthorizer and the brokers'
/// user a super user, and a fourth node with only the broker role, started once for the tests of a class.
/// </summary>
public sealed class ControllerListenerSaslSslCluster : IAsyncLifetime
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-controller-sasl-ssl-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _log = new();
    private ILoggerFactory _loggerFactory = null!;

    public Dictionary<int, KafkaNode> Nodes { get; } = [];

    public Dictionary<int, int> Ports { get; } = [];

    public Dictionary<int, int> ControllerPorts { get; } = [];

    internal TestCertificateAuthority Authority { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Authority = new TestCertificateAuthority(_directory);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Warning));
        foreach (int id in Enumerable.Range(1, 4))
        {
            Ports[id] = SecuredNodes.FreePort();
            if (id <= 3)
            {
                ControllerPorts[id] = SecuredNodes.FreePort();
            }
        }
        string voters = string.Join(',', ControllerPorts.Select(p => $"{p.Key}@127.0.0.1:{p.Value}"));

        var starting = Enumerable.Range(1, 3).Select(id =>
        {
            var properties = Common(id, voters);
            properties["process.roles"] = "broker,controller";
            properties["listeners"] = $"SASL_SSL://127.0.0.1:{Ports[id]},CONTROLLER://127.0.0.1:{ControllerPorts[id]}";
            return SecuredNodes.StartAsync(properties, _loggerFactory);
        }).ToList();
        foreach (var node in await Task.WhenAll(starting))
        {
            Nodes[node.NodeId] = node;
        }
        var broker = Common(4, voters);
        broker["process.roles"] = "broker";
        Nodes[4] = await SecuredNodes.StartAsync(broker, _loggerFactory);
        try
        {
            await Task.WhenAll(Nodes.Values.Select(n => n.Ready)).WaitAsync(Deadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("The nodes were not ready within 30 s; warnings:\n" + string.Join('\n', _log.Messages.Distinct().Take(20)), e);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes.Values)
        {
            await node.StopAsync(controlled: false);
        }
        _loggerFactory.Dispose();
        Authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>TLS trusting the test authority and SASL/PLAIN as the given user, as a client of the controller listener.</summary>
    public NodeClientSecurity Security(string user, string password) => new()
    {
        Tls = new NodeTlsSettings { TrustedRoots = [Authority.Authority] },
        Sasl = new SaslClientCredentials("PLAIN", user, password),
    };

    /// <summary>A client of the SASL_SSL client listeners logging in as the brokers' user, a super user.</summary>
    public Confluent.Kafka.ClientConfig SuperUserConfig(params int[] ids)
    {
        var config = SecuredNodes.ClientConfig(string.Join(',', ids.Select(id => $"127.0.0.1:{Ports[id]}")), Authority);
        config.SaslUsername = SecuredNodes.BrokerUser;
        config.SaslPassword = SecuredNodes.BrokerPassword;
        return config;
    }

    private Dictionary<string, string> Common(int id, string voters)
    {
        var properties = SecuredNodes.Properties(id, Ports[id], _directory, Authority, SecuredNodes.Jaas());
        properties["listener.security.protocol.map"] = "SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL";
        properties["listener.name.controller.plain.sasl.jaas.config"] = SecuredNodes.Jaas();
        properties["sasl.mechanism.controller.protocol"] = "PLAIN";
        properties["controller.quorum.voters"] = voters;
        properties["controller.listener.names"] = "CONTROLLER";
        properties["security.inter.broker.protocol"] = "SASL_SSL";
        properties["sasl.mechanism.inter.broker.protocol"] = "PLAIN";
        properties["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
        properties["super.users"] = "User:" + SecuredNodes.BrokerUser;
        properties["controller.quorum.election.timeout.ms"] = "500";
        properties["broker.heartbeat.interval.ms"] = "200";
        return properties;
    }
}
