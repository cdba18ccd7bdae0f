using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using Microsoft.Extensions.Logging;
using ServerConfigurationLoader = KafkaNet.Server.Configuration.ServerConfigurationLoader;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// SCRAM users given to <c>kafkanet-server format --add-scram</c> (KIP-900) sign in to the node started from that
/// directory from its first moment, with no other mechanism to create them; a restart does not write them again.
/// </summary>
public sealed class ScramBootstrapTests : IDisposable
{
    private const string Topic = "scram-bootstrap";
    private const string Refused = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";
    private static readonly byte[] BobSalt = Encoding.ASCII.GetBytes("bootstrap-salt-of-bob");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-scram-format-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<ILoggerFactory> _loggers = [];
    private readonly Dictionary<string, string> _properties;

    public ScramBootstrapTests()
    {
        _properties = new Dictionary<string, string>
        {
            ["node.id"] = "1",
            ["log.dirs"] = Path.Combine(_directory, "data"),
            ["listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{_port}",
            ["advertised.listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{_port}",
            ["num.partitions"] = "1",
            ["sasl.enabled.mechanisms"] = "SCRAM-SHA-512",
        };
    }

    public void Dispose()
    {
        _loggers.ForEach(l => l.Dispose());
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Users_added_at_format_time_sign_in_and_a_restart_keeps_later_changes_instead_of_writing_them_again()
    {
        // alice by password (salt random, 4096 iterations); bob by salted password, as an operator who never hands over the password would.
        string bobSaltedPassword = Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2("bob-secret"u8, BobSalt, 8192, HashAlgorithmName.SHA512, 64));
        var format = _properties.SelectMany(p => new[] { "--override", $"{p.Key}={p.Value}" }).Concat(
        [
            "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk",
            "--add-scram", "SCRAM-SHA-512=[name=alice,password=alice-secret]",
            "--add-scram", $"SCRAM-SHA-512=[name=bob,iterations=8192,salt=\"{Convert.ToBase64String(BobSalt)}\",saltedpassword=\"{bobSaltedPassword}\"]",
        ]).ToList();
        Assert.Equal(0, await StorageFormatCommand.RunAsync(format));

        await using (var node = await StartAsync())
        {
            await ProduceAsync("alice", "alice-secret", "from alice");
            await ProduceAsync("bob", "bob-secret", "from bob");
            Assert.Contains(Refused, await RefusedAsync("alice", "bob-secret"), StringComparison.Ordinal);
            Assert.Equal([("alice", 4096), ("bob", 8192)], await DescribeAsync("alice", "alice-secret"));

            // A change after the bootstrap: a restart must keep it, not put the format's credential back.
            using var admin = new AdminClientBuilder(new AdminClientConfig(Client("alice", "alice-secret"))).Build();
            await admin.AlterUserScramCredentialsAsync(
            [
                new UserScramCredentialUpsertion
                {
                    User = "alice",
                    ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha512, Iterations = 8192 },
                    Password = "alice-changed"u8.ToArray(),
                },
            ]);
        }

        await using (var node = await StartAsync())
        {
            await ProduceAsync("alice", "alice-changed", "alice after restart");
            await ProduceAsync("bob", "bob-secret", "bob after restart");
            Assert.Contains(Refused, await RefusedAsync("alice", "alice-secret"), StringComparison.Ordinal);
            Assert.Equal([("alice", 8192), ("bob", 8192)], await DescribeAsync("bob", "bob-secret"));
        }
        Assert.Single(_logs.Messages, m => m.StartsWith("Wrote the 2 bootstrap record(s) of the format command", StringComparison.Ordinal));
    }

    private async Task<KafkaNode> StartAsync()
    {
        var loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Information));
        _loggers.Add(loggers);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await ServerNode.StartAsync(ServerConfigurationLoader.FromProperties(_properties).Config, loggers, timeout.Token);
    }

    private ClientConfig Client(string user, string password) => new()
    {
        BootstrapServers = $"127.0.0.1:{_port}",
        SecurityProtocol = SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.ScramSha512,
        SaslUsername = user,
        SaslPassword = password,
    };

    private async Task ProduceAsync(string user, string password, string value)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig(Client(user, password)) { MessageTimeoutMs = 20000 }).Build();
        Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(Topic, new Message<Null, string> { Value = value })).Status);
    }

    // The reasons of the authentication errors a producer with these credentials meets; its message is never delivered.
    private async Task<string> RefusedAsync(string user, string password)
    {
        var reasons = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(Client(user, password)) { MessageTimeoutMs = 5000 })
            .SetErrorHandler((_, e) =>
            {
                lock (reasons)
                {
                    reasons.Append(CultureInfo.InvariantCulture, $"{e.Code}: {e.Reason}\n");
                }
            })
            .Build())
        {
            await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(Topic, new Message<Null, string> { Value = "refused" }));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        lock (reasons)
        {
            return reasons.ToString();
        }
    }

    private async Task<List<(string User, int Iterations)>> DescribeAsync(string user, string password)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig(Client(user, password))).Build();
        var described = await admin.DescribeUserScramCredentialsAsync(["alice", "bob"]);
        return described.UserScramCredentialsDescriptions
            .SelectMany(d => d.ScramCredentialInfos.Select(i => (d.User, i.Mechanism, i.Iterations)))
            .Select(c => { Assert.Equal(ScramMechanism.ScramSha512, c.Mechanism); return (c.User, c.Iterations); })
            .OrderBy(c => c.User, StringComparer.Ordinal)
            .ToList();
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
