using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using ServerConfigurationLoader = KafkaNet.Server.Configuration.ServerConfigurationLoader;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// A node started as the executable starts it, with one SASL listener serving PLAIN (for the admin that creates SCRAM
/// users) and a SCRAM mechanism; every log line it writes is kept.
/// </summary>
internal sealed class ScramNode : IAsyncDisposable
{
    public const string AdminPassword = "admin-secret";
    public static readonly TimeSpan FailedDelay = TimeSpan.FromMilliseconds(500);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-scram-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _properties;
    private ILoggerFactory _loggers = null!;
    private KafkaNode? _node;

    private ScramNode(string listener, string mechanism)
    {
        Directory.CreateDirectory(_directory);
        Port = FreePort();
        Listener = listener;
        Mechanism = mechanism;
        _properties = new Dictionary<string, string>
        {
            ["node.id"] = "1",
            ["log.dirs"] = Path.Combine(_directory, "data"),
            ["listeners"] = $"{listener}://127.0.0.1:{Port}",
            ["advertised.listeners"] = $"{listener}://127.0.0.1:{Port}",
            ["num.partitions"] = "1",
            ["group.initial.rebalance.delay.ms"] = "0",
            ["sasl.enabled.mechanisms"] = "PLAIN," + mechanism,
            ["connection.failed.authentication.delay.ms"] = ((int)FailedDelay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"listener.name.{listener.ToLowerInvariant()}.plain.sasl.jaas.config"] =
                $"org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"{AdminPassword}\";",
            [$"listener.name.{listener.ToLowerInvariant()}.{mechanism.ToLowerInvariant()}.sasl.jaas.config"] =
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        };
        if (listener == "SASL_SSL")
        {
            string keystore = Path.Combine(_directory, "keystore.p12");
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllBytes(keystore, certificate.Export(X509ContentType.Pkcs12, "keystore-secret"));
            _properties["ssl.keystore.location"] = keystore;
            _properties["ssl.keystore.password"] = "keystore-secret";
        }
    }

    public int Port { get; }

    public string Listener { get; }

    public string Mechanism { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public KafkaNode Node => _node ?? throw new InvalidOperationException("not started");

    public static async Task<ScramNode> StartAsync(string listener, string mechanism)
    {
        var node = new ScramNode(listener, mechanism);
        await node.RestartAsync();
        return node;
    }

    /// <summary>Stops the node (when running) and starts it again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _loggers.Dispose();
        }
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        var config = ServerConfigurationLoader.FromProperties(_properties).Config;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _node = await ServerNode.StartAsync(config, _loggers, timeout.Token);
    }

    public ClientConfig Client(string user, string password, string? mechanism = null) => new()
    {
        BootstrapServers = $"127.0.0.1:{Port}",
        SecurityProtocol = Listener == "SASL_SSL" ? SecurityProtocol.SaslSsl : SecurityProtocol.SaslPlaintext,
        SslCaLocation = null,
        EnableSslCertificateVerification = false,
        SaslMechanism = (mechanism ?? Mechanism) switch
        {
            "PLAIN" => SaslMechanism.Plain,
            "SCRAM-SHA-256" => SaslMechanism.ScramSha256,
            _ => SaslMechanism.ScramSha512,
        },
        SaslUsername = user,
        SaslPassword = password,
    };

    /// <summary>Creates or replaces the user's SCRAM credential through the admin API, signed in with PLAIN.</summary>
    public async Task CreateUserAsync(string user, string password, int iterations = 8192)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig(Client("admin", AdminPassword, "PLAIN"))).Build();
        await admin.AlterUserScramCredentialsAsync(
        [
            new UserScramCredentialUpsertion
            {
                User = user,
                ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ConfluentMechanism, Iterations = iterations },
                Password = System.Text.Encoding.UTF8.GetBytes(password),
            },
        ]);
    }

    public ScramMechanism ConfluentMechanism => Mechanism == "SCRAM-SHA-256" ? ScramMechanism.ScramSha256 : ScramMechanism.ScramSha512;

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        _loggers.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
