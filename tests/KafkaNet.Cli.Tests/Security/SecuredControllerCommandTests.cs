using KafkaNet.Cli.Tests.MetadataQuorum;
using KafkaNet.Cluster.Node;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cli.Tests.Security;

/// <summary>metadata-quorum --bootstrap-controller against a controller alone whose controller listener is SASL_SSL, configured by --command-config.</summary>
public sealed class SecuredControllerCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-cli-controller-sasl-ssl-" + Guid.NewGuid().ToString("N"));
    private TestCertificateAuthority _authority = null!;
    private KafkaNode _node = null!;
    private string _controller = null!;

    public async Task InitializeAsync()
    {
        _authority = new TestCertificateAuthority(_directory);
        int port = SecuredNodes.FreePort();
        _controller = $"127.0.0.1:{port}";
        var properties = new Dictionary<string, string>(_authority.ServerProperties(), StringComparer.Ordinal)
        {
            ["node.id"] = "1",
            ["process.roles"] = "controller",
            ["listeners"] = $"CONTROLLER://{_controller}",
            ["controller.listener.names"] = "CONTROLLER",
            ["controller.quorum.voters"] = "1@" + _controller,
            ["listener.security.protocol.map"] = "CONTROLLER:SASL_SSL",
            ["sasl.enabled.mechanisms"] = "PLAIN",
            ["sasl.mechanism.controller.protocol"] = "PLAIN",
            ["listener.name.controller.plain.sasl.jaas.config"] = SecuredNodes.Jaas(),
            ["cluster.id"] = "controller-sasl-ssl",
            ["log.dirs"] = Path.Combine(_directory, "node-1"),
        };
        _node = await SecuredNodes.StartAsync(properties, NullLoggerFactory.Instance);
        await _node.Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Describe_status_logs_in_to_the_controller_listener()
    {
        string config = Write("right.properties", SecuredNodes.ClientPassword);

        var run = await QuorumCommandRun.RunAsync("--bootstrap-controller", _controller, "--command-config", config, "describe", "--status");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.StartsWith("ClusterId:              controller-sasl-ssl\nLeaderId:               1\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_by_the_controller_listener()
    {
        string config = Write("wrong.properties", "wrong-secret");

        var run = await QuorumCommandRun.RunAsync("--bootstrap-controller", _controller, "--command-config", config, "describe", "--status");

        Assert.Equal(1, run.Exit);
        Assert.Contains($"Authentication to node -1 ({_controller}) failed: SASL_AUTHENTICATION_FAILED", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", run.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string password)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllLines(path,
        [
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            $"sasl.username={SecuredNodes.ClientUser}",
            $"sasl.password={password}",
            $"ssl.ca.location={_authority.TruststorePath}",
        ]);
        return path;
    }
}
