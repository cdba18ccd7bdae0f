using System.Net;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Audit;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>
/// A broker whose only client listener is SASL_PLAINTEXT (PLAIN users admin and alice; SCRAM-SHA-256, with bob's
/// credential made over AlterUserScramCredentials), the ACL authorizer on with admin its super user and nothing allowed
/// to anyone else, and the web console on its metrics listener; with one headless Chromium.
/// </summary>
public sealed class SecuredConsoleBroker : IAsyncLifetime
{
    public const string Admin = "admin";
    public const string AdminPassword = "admin-secret";
    public const string Alice = "alice";
    public const string AlicePassword = "alice-secret";
    public const string Bob = "bob";
    public const string BobPassword = "bob-secret";

    /// <summary>connection.failed.authentication.delay.ms of the listener: long enough to measure, short for a test.</summary>
    public static readonly TimeSpan FailedDelay = TimeSpan.FromMilliseconds(400);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-console-sasl-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory? _loggerFactory;
    private HeadlessChromium? _chromium;

    /// <summary>Every line of the audit log and the console's own log.</summary>
    public IEnumerable<string> Logs => _logs.Messages;

    public KafkaNode Node { get; private set; } = null!;

    public IBrowser Browser => _chromium!.Browser;

    public string BootstrapServers => Node.Broker.Options.AdvertisedEndpoint.ToString();

    /// <summary>http://127.0.0.1:port/console/</summary>
    public Uri ConsoleUri => new(Node.MetricsEndpoint!, "/console/");

    public Uri Api(string path) => new(Node.MetricsEndpoint!, "/console/api" + path);

    public async Task InitializeAsync()
    {
        var options = new BrokerOptions
        {
            NodeId = 1,
            DataDirectory = _dataDirectory,
            AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0),
        };
        options.Cluster.NodeId = 1;
        // Its own quorum, in the process: no controller listener.
        options.Cluster.Voters = [new ControllerQuorumVoter(1, "127.0.0.1", 0)];
        options.Authorizer.Enabled = true;
        options.Authorizer.SuperUsers.Add("User:" + Admin);
        var sasl = new SaslListenerSettings
        {
            EnabledMechanisms = [SaslListenerSettings.Plain, "SCRAM-SHA-256"],
            PlainUsers = new Dictionary<string, string>(StringComparer.Ordinal) { [Admin] = AdminPassword, [Alice] = AlicePassword },
            FailedAuthenticationDelay = FailedDelay,
        };
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).AddFilter((category, _) => category is AuditLog.Category or "KafkaNet.WebConsole"));
        Node = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = options,
            ClientListenerName = "SASL_PLAINTEXT",
            ConfigureClientListeners = kestrel => kestrel.Listen(IPAddress.Loopback, 0, o => o.UseKafka("SASL_PLAINTEXT", sasl)),
            ListenForControllers = false,
            MetricsListener = new Uri("http://127.0.0.1:0"),
            WebConsole = true,
        }, _loggerFactory);
        await Node.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        using (var admin = AdminClient())
        {
            await admin.AlterUserScramCredentialsAsync([new UserScramCredentialUpsertion
            {
                User = Bob,
                ScramCredentialInfo = new ScramCredentialInfo { Mechanism = ScramMechanism.ScramSha256, Iterations = 4096 },
                Password = System.Text.Encoding.UTF8.GetBytes(BobPassword),
            }]);
        }
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A Kafka admin client authenticated as the super user.</summary>
    public IAdminClient AdminClient() => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = BootstrapServers,
        SecurityProtocol = SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.Plain,
        SaslUsername = Admin,
        SaslPassword = AdminPassword,
    }).Build();

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        _loggerFactory?.Dispose();
        _logs.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary directory is left behind.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredConsoleCollection : ICollectionFixture<SecuredConsoleBroker>
{
    public const string Name = "secured web console";
}
