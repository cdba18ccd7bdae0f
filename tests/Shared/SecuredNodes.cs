using System.Net;
using System.Net.Sockets;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Testing;

/// <summary>Nodes with a SASL_SSL listener (PLAIN), started from properties as the server executable starts them.</summary>
internal static class SecuredNodes
{
    public const string PlainLoginModule = "org.apache.kafka.common.security.plain.PlainLoginModule";
    public const string BrokerUser = "broker";
    public const string BrokerPassword = "broker-secret";
    public const string ClientUser = "alice";
    public const string ClientPassword = "alice-secret";

    /// <summary>The JAAS line of the SASL_SSL listener: the users it accepts, and the broker's own login to its peers.</summary>
    public static string Jaas(string password = BrokerPassword) =>
        $"{PlainLoginModule} required username=\"{BrokerUser}\" password=\"{password}\" user_{BrokerUser}=\"{BrokerPassword}\" user_{ClientUser}=\"{ClientPassword}\";";

    /// <summary>The properties every node shares: one SASL_SSL listener for clients and brokers.</summary>
    public static Dictionary<string, string> Properties(int nodeId, int port, string dataDirectory, TestCertificateAuthority authority, string jaas)
    {
        var properties = new Dictionary<string, string>(authority.ServerProperties(), StringComparer.Ordinal)
        {
            ["node.id"] = nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["listeners"] = $"SASL_SSL://127.0.0.1:{port}",
            ["advertised.listeners"] = $"SASL_SSL://127.0.0.1:{port}",
            ["listener.security.protocol.map"] = "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
            ["sasl.enabled.mechanisms"] = "PLAIN",
            ["listener.name.sasl_ssl.plain.sasl.jaas.config"] = jaas,
            ["cluster.id"] = "interbroker-sasl-ssl",
            ["log.dirs"] = Path.Combine(dataDirectory, "node-" + nodeId),
            ["group.initial.rebalance.delay.ms"] = "0",
        };
        return properties;
    }

    public static Task<KafkaNode> StartAsync(IReadOnlyDictionary<string, string> properties, ILoggerFactory loggerFactory) =>
        ServerNode.StartAsync(ServerConfigurationLoader.FromProperties(properties).Config, loggerFactory, CancellationToken.None);

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static Confluent.Kafka.ClientConfig ClientConfig(string bootstrapServers, TestCertificateAuthority authority) => new()
    {
        BootstrapServers = bootstrapServers,
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslSsl,
        SaslMechanism = Confluent.Kafka.SaslMechanism.Plain,
        SaslUsername = ClientUser,
        SaslPassword = ClientPassword,
        SslCaLocation = authority.TruststorePath,
    };
}
