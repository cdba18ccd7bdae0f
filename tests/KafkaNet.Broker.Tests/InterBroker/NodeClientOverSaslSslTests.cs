using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol.Messages;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Tests.InterBroker;

/// <summary>The node client's TLS and SASL/PLAIN against one SASL_SSL node: what gets through, and how refusals surface.</summary>
public sealed class NodeClientOverSaslSslTests : IAsyncLifetime
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-nodeclient-tls-" + Guid.NewGuid().ToString("N"));
    private TestCertificateAuthority _authority = null!;
    private KafkaNode _node = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _authority = new TestCertificateAuthority(_directory);
        _port = SecuredNodes.FreePort();
        _node = await SecuredNodes.StartAsync(SecuredNodes.Properties(1, _port, _directory, _authority, SecuredNodes.Jaas()), NullLoggerFactory.Instance);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Trusted_certificate_and_right_password_get_answers()
    {
        await using var client = Client(Tls(), new SaslClientCredentials("PLAIN", SecuredNodes.ClientUser, SecuredNodes.ClientPassword));

        var versions = await ApiVersionsAsync(client);
        var metadata = await client.SendAsync<MetadataResponse>(new MetadataRequest { Topics = [] }, MetadataRequest.ApiKey, 12, CancellationToken.None);

        Assert.Equal(0, versions.ErrorCode);
        Assert.Equal([1], metadata.Brokers.Select(b => b.NodeId));
    }

    [Fact]
    public async Task Wrong_password_is_an_authentication_failure_reported_at_once()
    {
        await using var client = Client(Tls(), new SaslClientCredentials("PLAIN", SecuredNodes.ClientUser, "wrong"));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<NodeAuthenticationException>(() => ApiVersionsAsync(client));

        Assert.True(clock.Elapsed < Quick, $"took {clock.Elapsed}");
        Assert.StartsWith($"Authentication to node 1 (127.0.0.1:{_port}) failed: SASL_AUTHENTICATION_FAILED", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mechanism_the_listener_does_not_enable_is_refused_with_the_enabled_list()
    {
        await using var client = Client(Tls(), new SaslClientCredentials("SCRAM-SHA-512", SecuredNodes.ClientUser, SecuredNodes.ClientPassword));

        var failure = await Assert.ThrowsAsync<NodeAuthenticationException>(() => ApiVersionsAsync(client));

        Assert.Equal($"Authentication to node 1 (127.0.0.1:{_port}) failed: UNSUPPORTED_SASL_MECHANISM: the node enables [PLAIN], not SCRAM-SHA-512", failure.Message);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_authority_fails_the_tls_handshake()
    {
        // The system's store does not hold the test authority.
        await using var client = Client(new NodeTlsSettings(), new SaslClientCredentials("PLAIN", SecuredNodes.ClientUser, SecuredNodes.ClientPassword));

        var failure = await Assert.ThrowsAsync<NodeAuthenticationException>(() => ApiVersionsAsync(client));

        Assert.StartsWith($"Authentication to node 1 (127.0.0.1:{_port}) failed: TLS handshake failed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_the_certificate_does_not_name_fails_unless_endpoint_identification_is_off()
    {
        var credentials = new SaslClientCredentials("PLAIN", SecuredNodes.ClientUser, SecuredNodes.ClientPassword);
        await using var checking = Client(Tls() with { TargetHost = "broker.example" }, credentials);
        await using var notChecking = Client(Tls() with { TargetHost = "broker.example", VerifyHostName = false }, credentials);

        await Assert.ThrowsAsync<NodeAuthenticationException>(() => ApiVersionsAsync(checking));
        Assert.Equal(0, (await ApiVersionsAsync(notChecking)).ErrorCode);
    }

    [Fact]
    public async Task A_plaintext_client_on_the_tls_port_is_unreachable_not_hung()
    {
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", _port), new NodeClientOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<NodeUnreachableException>(() => ApiVersionsAsync(client));

        Assert.IsNotType<NodeAuthenticationException>(failure);
        Assert.True(clock.Elapsed < Quick, $"took {clock.Elapsed}");
    }

    private NodeTlsSettings Tls() => new() { TrustedRoots = [X509CertificateLoader.LoadCertificate(_authority.Authority.RawData)] };

    private NodeClient Client(NodeTlsSettings tls, SaslClientCredentials sasl) =>
        new(new NodeAddress(1, "127.0.0.1", _port), new NodeClientOptions { Security = new NodeClientSecurity { Tls = tls, Sasl = sasl } });

    private static Task<ApiVersionsResponse> ApiVersionsAsync(NodeClient client) =>
        client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 0, CancellationToken.None);
}
