using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Testing;

/// <summary>
/// A throwaway certificate authority and a server certificate it signed for localhost and 127.0.0.1, written as the
/// files a configuration names: the CA as a PEM truststore, the server's key and certificate as a PKCS12 keystore.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    public const string KeystorePassword = "keystore-secret";

    public TestCertificateAuthority(string directory)
    {
        Directory.CreateDirectory(directory);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=KafkaNet Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = serverRequest.Create(Authority, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        TruststorePath = Path.Combine(directory, "ca.pem");
        File.WriteAllText(TruststorePath, Authority.ExportCertificatePem());
        KeystorePath = Path.Combine(directory, "server.p12");
        File.WriteAllBytes(KeystorePath, withKey.Export(X509ContentType.Pkcs12, KeystorePassword));
    }

    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate, PEM.</summary>
    public string TruststorePath { get; }

    /// <summary>The server's certificate and key, PKCS12 with <see cref="KeystorePassword"/>.</summary>
    public string KeystorePath { get; }

    /// <summary>The settings of a server's listeners for TLS, as server.properties holds them.</summary>
    public IEnumerable<KeyValuePair<string, string>> ServerProperties() =>
    [
        new("ssl.keystore.location", KeystorePath),
        new("ssl.keystore.password", KeystorePassword),
        new("ssl.truststore.location", TruststorePath),
        new("ssl.truststore.type", "PEM"),
    ];

    public void Dispose() => Authority.Dispose();
}
