using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// Reads the certificate files a client's TLS settings name, in Kafka's store types: PKCS12 files (a password
/// optional) and PEM files (certificates, and for a client certificate its private key).
/// </summary>
public static class CertificateFiles
{
    /// <summary>The certificate authorities of a truststore.</summary>
    /// <param name="type">PKCS12 or PEM (case-insensitive).</param>
    /// <exception cref="ArgumentException">The type is neither PKCS12 nor PEM.</exception>
    /// <exception cref="CryptographicException">The file is not a store of that type, or the password is wrong.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static X509Certificate2Collection LoadTrusted(string path, string? type, string? password)
    {
        var certificates = new X509Certificate2Collection();
        if (IsPem(type))
        {
            certificates.ImportFromPemFile(path);
        }
        else if (IsPkcs12(type))
        {
            certificates = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        }
        else
        {
            throw new ArgumentException($"Store type {type} is not supported; use PKCS12 or PEM.", nameof(type));
        }
        if (certificates.Count == 0)
        {
            throw new CryptographicException($"{path} holds no certificate.");
        }
        return certificates;
    }

    /// <summary>The certificate and private key a client presents, from a PKCS12 keystore.</summary>
    public static X509Certificate2 LoadKeystore(string path, string? type, string? password)
    {
        if (IsPem(type))
        {
            return LoadPem(path, path, password);
        }
        if (!IsPkcs12(type))
        {
            throw new ArgumentException($"Store type {type} is not supported; use PKCS12 or PEM.", nameof(type));
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    /// <summary>The certificate and private key a client presents, from PEM files (the key encrypted when a password is given).</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath, string? keyPassword)
    {
        using var withKey = string.IsNullOrEmpty(keyPassword)
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, keyPassword, keyPath);
        // An ephemeral PEM key cannot be used by SslStream on every platform: a PKCS12 round trip makes it persistable.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static bool IsPem(string? type) => string.Equals(type, "PEM", StringComparison.OrdinalIgnoreCase);

    private static bool IsPkcs12(string? type) => type is null || string.Equals(type, "PKCS12", StringComparison.OrdinalIgnoreCase);
}
