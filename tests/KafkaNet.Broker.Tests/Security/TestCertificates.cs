using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>Certificates made in the test: certificate authorities, and servers and clients they sign.</summary>
internal static class TestCertificates
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        return Reload(created);
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost.</summary>
    public static X509Certificate2 IssueServer(X509Certificate2 authority, string name = "localhost")
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        return Issue(authority, $"CN={name}", ServerAuth, names.Build());
    }

    public static X509Certificate2 IssueClient(X509Certificate2 authority, string subject) => Issue(authority, subject, ClientAuth, null);

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static string KeyPem(X509Certificate2 certificate, string? password = null)
    {
        using var key = certificate.GetRSAPrivateKey()!;
        return password is null
            ? key.ExportPkcs8PrivateKeyPem() + "\n"
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)) + "\n";
    }

    /// <summary>A PKCS12 file of the certificate with its key, then the rest of the chain.</summary>
    public static byte[] Pkcs12(string password, X509Certificate2 certificate, params X509Certificate2[] chain) =>
        new X509Certificate2Collection(chain.Prepend(certificate).ToArray()).Export(X509ContentType.Pkcs12, password)!;

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, Oid usage, X509Extension? alternativeNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    // A certificate whose key is exportable and usable by SslStream on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, "x"), "x", X509KeyStorageFlags.Exportable);
}
