using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// A node started from properties as the executable starts it, for dynamic keystore updates: PLAIN (PLAINTEXT, for the
/// admin client), SAME and DN (SSL, each with its own PKCS12 keystore), PEM (SSL, inline PEM keystore) and WIDE (SSL,
/// the broker-wide keystore), all first presenting <see cref="Server"/>, and TRUST (SSL, client certificates required
/// and checked against its own PEM truststore, <see cref="Authority"/>). Stopped and started again on the same
/// directory and ports, it replays what was altered.
/// </summary>
public sealed class DynamicKeystoreNode : IAsyncDisposable
{
    public const string StorePassword = "store-secret";
    public static readonly string[] Listeners = ["PLAIN", "SAME", "PEM", "DN", "WIDE", "TRUST", "CONTROLLER"];

    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory? _loggerFactory;
    private KafkaNode? _node;

    private DynamicKeystoreNode(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public Dictionary<string, int> Ports { get; } = [];

    public X509Certificate2 Authority { get; } = TestCertificates.CreateAuthority("dynamic-ca");

    public X509Certificate2 Server { get; private set; } = null!;

    /// <summary>Every message the node logged.</summary>
    public IEnumerable<string> LogMessages => _logs.Messages;

    public static async Task<DynamicKeystoreNode> StartAsync()
    {
        var node = new DynamicKeystoreNode(Path.Combine(Path.GetTempPath(), "kafkanet-dynks-" + Guid.NewGuid().ToString("N")));
        System.IO.Directory.CreateDirectory(node.Directory);
        node.Server = TestCertificates.IssueServer(node.Authority);
        foreach (string name in new[] { "same", "dn", "wide" })
        {
            node.WriteKeystore(name + ".p12", node.Server);
        }
        File.WriteAllText(Path.Combine(node.Directory, "ca.pem"), TestCertificates.CertificatePem(node.Authority));
        foreach (string name in Listeners)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            node.Ports[name] = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        await node.RestartAsync(stopFirst: false);
        return node;
    }

    /// <summary>Writes a PKCS12 keystore of <paramref name="certificate"/> (password <see cref="StorePassword"/>) into the node's directory.</summary>
    public string WriteKeystore(string fileName, X509Certificate2 certificate)
    {
        string path = Path.Combine(Directory, fileName);
        File.WriteAllBytes(path, TestCertificates.Pkcs12(StorePassword, certificate, Authority));
        return path;
    }

    public async Task RestartAsync(bool stopFirst = true)
    {
        if (stopFirst)
        {
            await _node!.StopAsync();
            _loggerFactory!.Dispose();
        }
        var properties = new Dictionary<string, string>
        {
            ["process.roles"] = "broker,controller",
            ["node.id"] = "1",
            ["controller.listener.names"] = "CONTROLLER",
            ["listeners"] = string.Join(',', Listeners.Select(l => $"{l}://127.0.0.1:{Ports[l]}")),
            ["listener.security.protocol.map"] = "PLAIN:PLAINTEXT,SAME:SSL,PEM:SSL,DN:SSL,WIDE:SSL,TRUST:SSL,CONTROLLER:PLAINTEXT",
            ["inter.broker.listener.name"] = "PLAIN",
            ["log.dirs"] = Path.Combine(Directory, "data"),
            ["ssl.keystore.location"] = Path.Combine(Directory, "wide.p12"),
            ["ssl.keystore.password"] = StorePassword,
            ["listener.name.same.ssl.keystore.location"] = Path.Combine(Directory, "same.p12"),
            ["listener.name.same.ssl.keystore.password"] = StorePassword,
            ["listener.name.dn.ssl.keystore.location"] = Path.Combine(Directory, "dn.p12"),
            ["listener.name.dn.ssl.keystore.password"] = StorePassword,
            ["listener.name.pem.ssl.keystore.type"] = "PEM",
            ["listener.name.pem.ssl.keystore.certificate.chain"] = TestCertificates.CertificatePem(Server),
            ["listener.name.pem.ssl.keystore.key"] = TestCertificates.KeyPem(Server),
            ["listener.name.trust.ssl.client.auth"] = "required",
            ["listener.name.trust.ssl.truststore.type"] = "PEM",
            ["listener.name.trust.ssl.truststore.location"] = Path.Combine(Directory, "ca.pem"),
        };
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _node = await ServerNode.StartAsync(ServerConfigurationLoader.FromProperties(properties).Config, _loggerFactory, CancellationToken.None);
    }

    public IAdminClient CreateAdmin() => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = $"127.0.0.1:{Ports["PLAIN"]}",
        SocketTimeoutMs = 10000,
    }).Build();

    /// <summary>Sets this broker's dynamic configs with IncrementalAlterConfigs.</summary>
    public async Task AlterAsync(params (string Name, string Value)[] configs)
    {
        using var admin = CreateAdmin();
        await admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Broker, Name = "1" }] =
                    [.. configs.Select(c => new ConfigEntry { Name = c.Name, Value = c.Value, IncrementalOperation = AlterConfigOpType.Set })],
            },
            new IncrementalAlterConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
    }

    /// <summary>This broker's configs as DescribeConfigs reports them, by name.</summary>
    public async Task<Dictionary<string, ConfigEntryResult>> DescribeAsync()
    {
        using var admin = CreateAdmin();
        var results = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "1" }],
            new DescribeConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        return Assert.Single(results).Entries;
    }

    /// <summary>Waits (at most 10 seconds) until a new connection to <paramref name="listener"/> is offered <paramref name="expected"/>.</summary>
    public async Task<string> WaitForThumbprintAsync(string listener, string expected)
    {
        string offered = "";
        for (int attempt = 0; attempt < 100; attempt++)
        {
            offered = await TlsProbe.ThumbprintAsync(Ports[listener]);
            if (offered == expected)
            {
                break;
            }
            await Task.Delay(100);
        }
        return offered;
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
        }
        _loggerFactory?.Dispose();
        Server?.Dispose();
        Authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
