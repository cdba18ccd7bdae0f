using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// Kafka's dynamic keystore update (KIP-226): IncrementalAlterConfigs on this broker's resource with
/// listener.name.&lt;listener&gt;.ssl.keystore.* (or ssl.keystore.* for listeners without their own) gives new
/// connections the new certificate while open ones keep theirs; a keystore that does not load or changes the
/// certificate's name is refused and nothing is stored. Each test changes its own listener of the shared node.
/// </summary>
public sealed class DynamicKeystoreTests(DynamicKeystoreTests.NodeFixture fixture) : IClassFixture<DynamicKeystoreTests.NodeFixture>
{
    private readonly DynamicKeystoreNode _node = fixture.Node;

    [Fact]
    public async Task A_listener_keystore_with_the_same_name_serves_new_connections_and_old_ones_keep_theirs()
    {
        await using var before = await TlsProbe.ConnectAsync(_node.Ports["SAME"]);
        using var renewed = TestCertificates.IssueServer(_node.Authority);
        string path = _node.WriteKeystore("same-renewed.p12", renewed);

        await _node.AlterAsync(
            ("listener.name.same.ssl.keystore.location", path),
            ("listener.name.same.ssl.keystore.password", DynamicKeystoreNode.StorePassword));

        Assert.Equal(renewed.Thumbprint, await _node.WaitForThumbprintAsync("SAME", renewed.Thumbprint));
        Assert.Equal(_node.Server.Thumbprint, ((System.Security.Cryptography.X509Certificates.X509Certificate2)before.RemoteCertificate!).Thumbprint);
        Assert.True(await TlsProbe.AnswersApiVersionsAsync(before), "the connection made before the update is still served");
        var configs = await _node.DescribeAsync();
        Assert.Equal(path, configs["listener.name.same.ssl.keystore.location"].Value);
        Assert.Equal(ConfigSource.DynamicBrokerConfig, configs["listener.name.same.ssl.keystore.location"].Source);
        var password = configs["listener.name.same.ssl.keystore.password"];
        Assert.True(password.IsSensitive);
        Assert.Null(password.Value);
        Assert.DoesNotContain(_node.LogMessages, m => m.Contains(DynamicKeystoreNode.StorePassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_pem_keystore_is_replaced_and_its_key_is_not_described()
    {
        using var renewed = TestCertificates.IssueServer(_node.Authority);

        await _node.AlterAsync(
            ("listener.name.pem.ssl.keystore.certificate.chain", TestCertificates.CertificatePem(renewed)),
            ("listener.name.pem.ssl.keystore.key", TestCertificates.KeyPem(renewed)));

        Assert.Equal(renewed.Thumbprint, await _node.WaitForThumbprintAsync("PEM", renewed.Thumbprint));
        var key = (await _node.DescribeAsync())["listener.name.pem.ssl.keystore.key"];
        Assert.True(key.IsSensitive);
        Assert.Null(key.Value);
    }

    [Fact]
    public async Task A_keystore_whose_certificate_has_another_name_is_refused_and_nothing_is_stored()
    {
        using var other = TestCertificates.IssueServer(_node.Authority, "other-host");
        string path = _node.WriteKeystore("dn-other.p12", other);

        var refused = await AssertRefusedAsync(("listener.name.dn.ssl.keystore.location", path));

        Assert.Contains("DistinguishedName", refused.Reason, StringComparison.Ordinal);
        await AssertDnListenerUnchangedAsync();
    }

    [Fact]
    public async Task A_keystore_that_cannot_be_read_is_refused_and_nothing_is_stored()
    {
        string missing = Path.Combine(_node.Directory, "missing.p12");
        string wrongPassword = _node.WriteKeystore("dn-locked.p12", _node.Server);

        var unreadable = await AssertRefusedAsync(("listener.name.dn.ssl.keystore.location", missing));
        await AssertRefusedAsync(
            ("listener.name.dn.ssl.keystore.location", wrongPassword),
            ("listener.name.dn.ssl.keystore.password", "not-the-password"));

        Assert.Contains(missing, unreadable.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_node.LogMessages, m => m.Contains("not-the-password", StringComparison.Ordinal));
        await AssertDnListenerUnchangedAsync();
    }

    [Fact]
    public async Task A_broker_wide_keystore_update_serves_the_listeners_without_their_own()
    {
        using var renewed = TestCertificates.IssueServer(_node.Authority);
        string path = _node.WriteKeystore("wide-renewed.p12", renewed);

        await _node.AlterAsync(("ssl.keystore.location", path), ("ssl.keystore.password", DynamicKeystoreNode.StorePassword));

        Assert.Equal(renewed.Thumbprint, await _node.WaitForThumbprintAsync("WIDE", renewed.Thumbprint));
        // DN has a keystore of its own, which the broker-wide one does not replace.
        Assert.Equal(_node.Server.Thumbprint, await TlsProbe.ThumbprintAsync(_node.Ports["DN"]));
    }

    [Fact]
    public async Task A_listener_truststore_update_changes_which_client_certificates_are_accepted()
    {
        using var otherAuthority = TestCertificates.CreateAuthority("other-ca");
        using var newcomer = TestCertificates.IssueClient(otherAuthority, "CN=newcomer");
        using var member = TestCertificates.IssueClient(_node.Authority, "CN=member");
        int port = _node.Ports["TRUST"];
        Assert.True(await TlsProbe.IsServedAsync(port, member));
        Assert.False(await TlsProbe.IsServedAsync(port, newcomer));
        string path = Path.Combine(_node.Directory, "other-ca.pem");
        await File.WriteAllTextAsync(path, TestCertificates.CertificatePem(otherAuthority));

        await _node.AlterAsync(("listener.name.trust.ssl.truststore.location", path));

        bool served = false;
        for (int attempt = 0; attempt < 100 && !served; attempt++)
        {
            served = await TlsProbe.IsServedAsync(port, newcomer);
            await Task.Delay(served ? 0 : 100);
        }
        Assert.True(served, "a client certificate of the new truststore's authority is accepted");
        Assert.False(await TlsProbe.IsServedAsync(port, member));
    }

    private async Task<Refusal> AssertRefusedAsync(params (string Name, string Value)[] configs)
    {
        var error = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => _node.AlterAsync(configs));
        var result = Assert.Single(error.Results);
        Assert.Equal(ErrorCode.InvalidRequest, result.Error.Code);
        return new Refusal(result.Error.Reason);
    }

    private async Task AssertDnListenerUnchangedAsync()
    {
        var location = (await _node.DescribeAsync())["listener.name.dn.ssl.keystore.location"];
        Assert.Equal(ConfigSource.StaticBrokerConfig, location.Source);
        Assert.Equal(Path.Combine(_node.Directory, "dn.p12"), location.Value);
        Assert.Equal(_node.Server.Thumbprint, await TlsProbe.ThumbprintAsync(_node.Ports["DN"]));
    }

    private sealed record Refusal(string Reason);

    public sealed class NodeFixture : IAsyncLifetime
    {
        public DynamicKeystoreNode Node { get; private set; } = null!;

        public async Task InitializeAsync() => Node = await DynamicKeystoreNode.StartAsync();

        public async Task DisposeAsync() => await Node.DisposeAsync();
    }
}
