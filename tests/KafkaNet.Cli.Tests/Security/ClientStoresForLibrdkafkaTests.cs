using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Tests.Security;
using KafkaNet.Cli.Admin;
using KafkaNet.Testing;

namespace KafkaNet.Cli.Tests.Security;

/// <summary>Java stores in a --command-config rewritten for librdkafka, which reads neither JKS nor PKCS12 truststores.</summary>
public sealed class ClientStoresForLibrdkafkaTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-cli-stores-" + Guid.NewGuid().ToString("N"));
    private readonly TestCertificateAuthority _authority;

    public ClientStoresForLibrdkafkaTests() => _authority = new TestCertificateAuthority(_directory);

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_jks_keystore_and_truststore_become_pem_text()
    {
        using var client = X509CertificateLoader.LoadPkcs12FromFile(_authority.KeystorePath, TestCertificateAuthority.KeystorePassword, X509KeyStorageFlags.Exportable);
        string keystore = Write("client.keystore.jks", JavaKeyStoreWriter.Keystore("store-secret", client, [_authority.Authority], keyPassword: "key-secret"));
        string truststore = Write("client.truststore.jks", JavaKeyStoreWriter.Truststore("trust-secret", _authority.Authority));

        var properties = ClientSecurity.ForLibrdkafka(new Dictionary<string, string>
        {
            ["ssl.keystore.location"] = keystore, ["ssl.keystore.password"] = "store-secret", ["ssl.key.password"] = "key-secret",
            ["ssl.truststore.location"] = truststore, ["ssl.truststore.password"] = "trust-secret",
        });

        Assert.Equal(["ssl.ca.pem", "ssl.certificate.pem", "ssl.key.pem"], properties.Keys.Order());
        Assert.Equal(_authority.Authority.ExportCertificatePem() + "\n", properties["ssl.ca.pem"]);
        using var rebuilt = X509Certificate2.CreateFromPem(properties["ssl.certificate.pem"], properties["ssl.key.pem"]);
        Assert.Equal(client.Thumbprint, rebuilt.Thumbprint);
        Assert.True(rebuilt.HasPrivateKey);
    }

    [Fact]
    public void A_pkcs12_keystore_is_left_to_librdkafka_and_a_pkcs12_truststore_becomes_pem_text()
    {
        string truststore = Write("client.truststore.p12", _authority.Authority.Export(X509ContentType.Pkcs12, "trust-secret"));

        var properties = ClientSecurity.ForLibrdkafka(new Dictionary<string, string>
        {
            ["ssl.keystore.location"] = _authority.KeystorePath, ["ssl.keystore.type"] = "PKCS12", ["ssl.keystore.password"] = TestCertificateAuthority.KeystorePassword,
            ["ssl.truststore.location"] = truststore, ["ssl.truststore.type"] = "PKCS12", ["ssl.truststore.password"] = "trust-secret",
        });

        Assert.Equal(["ssl.ca.pem", "ssl.keystore.location", "ssl.keystore.password"], properties.Keys.Order());
        Assert.Equal(_authority.Authority.ExportCertificatePem() + "\n", properties["ssl.ca.pem"]);
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
