namespace KafkaNet.Broker.Tests.Security;

/// <summary>A dynamic keystore is a ConfigRecord of the metadata log: a restarted broker presents it again.</summary>
public sealed class DynamicKeystoreRestartTests
{
    [Fact]
    public async Task A_keystore_with_another_name_allowed_by_ssl_allow_dn_changes_survives_a_restart()
    {
        await using var node = await DynamicKeystoreNode.StartAsync();
        using var other = TestCertificates.IssueServer(node.Authority, "other-host");
        string path = node.WriteKeystore("same-other.p12", other);

        await node.AlterAsync(
            ("listener.name.same.ssl.allow.dn.changes", "true"),
            ("listener.name.same.ssl.keystore.location", path));
        Assert.Equal(other.Thumbprint, await node.WaitForThumbprintAsync("SAME", other.Thumbprint));

        await node.RestartAsync();

        Assert.Equal(other.Thumbprint, await node.WaitForThumbprintAsync("SAME", other.Thumbprint));
        // The broker-wide keystore was not altered: WIDE still presents the file's.
        Assert.Equal(node.Server.Thumbprint, await TlsProbe.ThumbprintAsync(node.Ports["WIDE"]));
    }
}
