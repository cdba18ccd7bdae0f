using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Tls;

namespace KafkaNet.Cli.Admin;

/// <summary>
/// The stores a client's ssl.truststore.* and ssl.keystore.* name, as Java clients read them: JKS (their default
/// type), JCEKS and PKCS12 files, told apart by their content, and PEM files. librdkafka reads neither JKS nor a PKCS12
/// truststore, so for Confluent.Kafka the certificates are handed over as PEM text.
/// </summary>
internal static class ClientStores
{
    /// <summary>The certificate authorities of a truststore.</summary>
    /// <exception cref="ArgumentException">The type is not one Kafka's clients read.</exception>
    /// <exception cref="CryptographicException">The file is not a readable store, or the password is wrong.</exception>
    public static X509Certificate2Collection LoadTrusted(string path, string? type, string? password)
    {
        if (IsPem(type))
        {
            return CertificateFiles.LoadTrusted(path, "PEM", null);
        }
        byte[] data = ReadStoreFile(path, type);
        if (!JavaKeyStore.IsJavaKeyStore(data))
        {
            return CertificateFiles.LoadTrusted(path, "PKCS12", password);
        }
        var roots = JavaStoreCertificates.Truststore(data, password);
        return roots.Count > 0 ? roots : throw new CryptographicException($"{path} holds no certificate.");
    }

    /// <summary>The certificate and private key a client presents.</summary>
    public static X509Certificate2 LoadKeystore(string path, string? type, string? storePassword, string? keyPassword)
    {
        if (IsPem(type))
        {
            return CertificateFiles.LoadKeystore(path, "PEM", keyPassword ?? storePassword);
        }
        byte[] data = ReadStoreFile(path, type);
        return JavaKeyStore.IsJavaKeyStore(data)
            ? JavaStoreCertificates.Keystore(data, storePassword, keyPassword)[0]
            : CertificateFiles.LoadKeystore(path, "PKCS12", storePassword);
    }

    /// <summary>PEM text of the certificates, as librdkafka's ssl.ca.pem and ssl.certificate.pem take it.</summary>
    public static string CertificatesPem(IEnumerable<X509Certificate2> certificates)
    {
        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }
        return pem.ToString();
    }

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM, as librdkafka's ssl.key.pem takes it.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        AsymmetricAlgorithm key = certificate.GetRSAPrivateKey() as AsymmetricAlgorithm
            ?? certificate.GetECDsaPrivateKey() as AsymmetricAlgorithm
            ?? throw new CryptographicException("the keystore's key is neither RSA nor EC, which librdkafka needs");
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem();
        }
    }

    public static bool IsPem(string? type) => string.Equals(type, "PEM", StringComparison.OrdinalIgnoreCase);

    private static byte[] ReadStoreFile(string path, string? type)
    {
        if (type?.ToUpperInvariant() is not (null or "JKS" or "JCEKS" or "PKCS12"))
        {
            throw new ArgumentException($"Store type {type} is not supported; use JKS, JCEKS, PKCS12 or PEM.", nameof(type));
        }
        return File.ReadAllBytes(path);
    }
}
