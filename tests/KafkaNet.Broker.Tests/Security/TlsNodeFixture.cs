using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>The node the tests share, its certificates and listener ports.</summary>
public sealed class TlsNodeFixture : IAsyncLifetime
{
    public const string Topic = "mtls";
    public const string KeyPassword = "key-secret";
    public const string StorePassword = "store-secret";

    /// <summary>What Kestrel logs (debug) when a TLS handshake fails.</summary>
    public const string HandshakeFailureLog = "Failed to authenticate HTTPS connection";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-tlsnode-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory _loggerFactory = null!;
    private KafkaNode _node = null!;

    /// <summary>Every message the node logged.</summary>
    public IEnumerable<string> LogMessages => _logs.Messages;

    public Dictionary<string, int> Ports { get; } = [];

    public X509Certificate2 Authority { get; private set; } = null!;

    public X509Certificate2 Server { get; private set; } = null!;

    public X509Certificate2 Client { get; private set; } = null!;

    public string ReloadKeystore => Path.Combine(_directory, "reload.pem");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Authority = TestCertificates.CreateAuthority("test-ca");
        Server = TestCertificates.IssueServer(Authority);
        Client = TestCertificates.IssueClient(Authority, "CN=Alice, OU=clients, O=acme");
        File.WriteAllBytes(Path.Combine(_directory, "keystore.p12"), TestCertificates.Pkcs12(StorePassword, Server, Authority));
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), TestCertificates.CertificatePem(Authority));
        WritePemKeystore(ReloadKeystore, Server);
        foreach (string name in new[] { "MTLS", "TLS13", "RELOAD", "CIPHER", "CONTROLLER" })
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Ports[name] = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        var properties = new Dictionary<string, string>
        {
            ["process.roles"] = "broker,controller",
            ["node.id"] = "1",
            ["controller.listener.names"] = "CONTROLLER",
            ["listeners"] = string.Join(',', Ports.Select(p => $"{p.Key}://127.0.0.1:{p.Value}")),
            ["listener.security.protocol.map"] = "MTLS:SSL,TLS13:SSL,RELOAD:SSL,CIPHER:SSL,CONTROLLER:PLAINTEXT",
            ["inter.broker.listener.name"] = "MTLS",
            ["log.dirs"] = Path.Combine(_directory, "data"),
            ["group.initial.rebalance.delay.ms"] = "0",
            ["ssl.keystore.location"] = Path.Combine(_directory, "keystore.p12"),
            ["ssl.keystore.password"] = StorePassword,
            ["ssl.truststore.type"] = "PEM",
            ["ssl.truststore.location"] = Path.Combine(_directory, "ca.pem"),
            ["ssl.client.auth"] = "required",
            ["ssl.principal.mapping.rules"] = "RULE:^CN=([^,]*),OU=clients,.*$/$1/L,DEFAULT",
            ["listener.name.tls13.ssl.client.auth"] = "none",
            ["listener.name.tls13.ssl.enabled.protocols"] = "TLSv1.3",
            ["listener.name.tls13.ssl.keystore.type"] = "PEM",
            ["listener.name.tls13.ssl.keystore.certificate.chain"] = TestCertificates.CertificatePem(Server) + TestCertificates.CertificatePem(Authority),
            ["listener.name.tls13.ssl.keystore.key"] = TestCertificates.KeyPem(Server, KeyPassword),
            ["listener.name.tls13.ssl.key.password"] = KeyPassword,
            ["listener.name.reload.ssl.client.auth"] = "none",
            ["listener.name.reload.ssl.keystore.type"] = "PEM",
            ["listener.name.reload.ssl.keystore.location"] = ReloadKeystore,
            ["listener.name.cipher.ssl.client.auth"] = "requested",
            ["listener.name.cipher.ssl.enabled.protocols"] = "TLSv1.2",
            ["listener.name.cipher.ssl.cipher.suites"] = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        };
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var config = ServerConfigurationLoader.FromProperties(properties).Config;
        _node = await ServerNode.StartAsync(config, _loggerFactory, CancellationToken.None);
        _node.Broker.Topics.Create(new Topics.TopicSpec(Topic, 1, 1, []), validateOnly: false);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _loggerFactory.Dispose();
        foreach (var certificate in new[] { Authority, Server, Client })
        {
            certificate.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    public static void WritePemKeystore(string path, X509Certificate2 certificate)
    {
        // Written aside and moved in, as a certificate manager renews a file.
        string staging = path + ".new";
        File.WriteAllText(staging, TestCertificates.KeyPem(certificate) + TestCertificates.CertificatePem(certificate));
        File.Move(staging, path, overwrite: true);
    }
}
