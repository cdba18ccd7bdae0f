using KafkaNet.Broker.Tests.Security;
using KafkaNet.Cli.Tests.LogDirs;
using KafkaNet.Cli.Tests.MetadataQuorum;
using KafkaNet.Cli.Tests.Topics;
using KafkaNet.Cluster.Node;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cli.Tests.Security;

/// <summary>Commands that speak the protocol themselves, against a node whose only listener is SASL_SSL, configured by --command-config.</summary>
public sealed class SecuredBrokerCommandTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-cli-sasl-ssl-" + Guid.NewGuid().ToString("N"));
    private TestCertificateAuthority _authority = null!;
    private KafkaNode _node = null!;
    private string _bootstrap = null!;

    public async Task InitializeAsync()
    {
        _authority = new TestCertificateAuthority(_directory);
        int port = SecuredNodes.FreePort();
        _bootstrap = $"127.0.0.1:{port}";
        _node = await SecuredNodes.StartAsync(SecuredNodes.Properties(1, port, _directory, _authority, SecuredNodes.Jaas()), NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Log_dirs_describes_with_java_style_jaas_and_pem_truststore()
    {
        string config = Write("java.properties",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            $"sasl.jaas.config={SecuredNodes.PlainLoginModule} required username=\"{SecuredNodes.ClientUser}\" password=\"{SecuredNodes.ClientPassword}\";",
            $"ssl.truststore.location={_authority.TruststorePath}",
            "ssl.truststore.type=PEM");

        var run = await LogDirsRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "--describe", "--broker-list", "1");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.StartsWith("Querying brokers for log directories information\nReceived log directory information from brokers 1\n{\"brokers\":[{\"broker\":1,", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jks_truststore_of_kafkas_default_type_serves_the_tools_own_client_and_librdkafka()
    {
        string truststore = Path.Combine(_directory, "client.truststore.jks");
        await File.WriteAllBytesAsync(truststore, JavaKeyStoreWriter.Truststore("truststore-secret", _authority.Authority));
        string config = Write("jks.properties",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            $"sasl.jaas.config={SecuredNodes.PlainLoginModule} required username=\"{SecuredNodes.ClientUser}\" password=\"{SecuredNodes.ClientPassword}\";",
            $"ssl.truststore.location={truststore}",
            "ssl.truststore.password=truststore-secret");

        var logDirs = await LogDirsRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "--describe", "--broker-list", "1");
        var topics = await TopicsRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "--create", "--topic", "jks-topic", "--partitions", "1");

        Assert.True(logDirs.Exit == 0, logDirs.ToString());
        Assert.True(topics.Exit == 0, topics.ToString());
        Assert.Equal("Created topic jks-topic.\n", topics.Out);
    }

    [Fact]
    public async Task A_jks_truststore_with_a_wrong_password_is_refused_before_connecting()
    {
        string truststore = Path.Combine(_directory, "wrong.truststore.jks");
        await File.WriteAllBytesAsync(truststore, JavaKeyStoreWriter.Truststore("truststore-secret", _authority.Authority));
        string config = Write("jks-wrong.properties", "security.protocol=SSL", $"ssl.truststore.location={truststore}", "ssl.truststore.password=not-it");

        var run = await TopicsRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "--list");

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: The TLS settings cannot be used: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_quorum_status_through_the_broker_with_librdkafka_style_settings()
    {
        string config = Write("librdkafka.properties",
            "security.protocol=SASL_SSL",
            "sasl.mechanisms=PLAIN",
            $"sasl.username={SecuredNodes.ClientUser}",
            $"sasl.password={SecuredNodes.ClientPassword}",
            $"ssl.ca.location={_authority.TruststorePath}");

        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "describe", "--status");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.StartsWith("ClusterId:              interbroker-sasl-ssl\nLeaderId:               1\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_the_authentication_error_and_no_password_in_the_message()
    {
        string config = Write("wrong.properties",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            $"sasl.username={SecuredNodes.ClientUser}",
            "sasl.password=wrong-secret",
            $"ssl.ca.location={_authority.TruststorePath}");

        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "describe", "--status");

        Assert.Equal(1, run.Exit);
        Assert.Contains($"Authentication to node -1 ({_bootstrap}) failed: SASL_AUTHENTICATION_FAILED", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_mechanism_is_refused_before_connecting()
    {
        string config = Write("gssapi.properties", "security.protocol=SASL_SSL", "sasl.mechanism=GSSAPI");

        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", _bootstrap, "--command-config", config, "describe", "--status");

        Assert.Equal(1, run.Exit);
        Assert.Equal("error: sasl.mechanism GSSAPI is not supported: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.\n", run.Error);
    }

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
