using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tls;

/// <summary>
/// Loads keystores (the listener's certificate, its private key and chain) and truststores: PEM, or a file in PKCS12,
/// JKS or JCEKS told apart by its content whatever the type says, as Java 9+ reads PKCS12 under type JKS.
/// </summary>
internal static partial class TlsStores
{
    /// <summary>The listener's certificate with its private key, then the rest of its chain.</summary>
    /// <exception cref="ConfigException">The keystore cannot be read or holds no certificate with a private key.</exception>
    public static X509Certificate2Collection LoadKeystore(TlsListenerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var source = settings.Keystore;
        try
        {
            return source.IsPem ? LoadPemKeystore(settings) : LoadFileKeystore(settings);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigException(source.LocationProperty, source.Location ?? "[inline PEM]", "the keystore cannot be read: " + e.Message);
        }
    }

    /// <summary>The certificates client certificates must chain to.</summary>
    /// <exception cref="ConfigException">The truststore cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection LoadTruststore(StoreSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        X509Certificate2Collection certificates;
        try
        {
            certificates = source.IsPem ? ImportPem(ReadPem(source)) : LoadFileTruststore(source);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigException(source.LocationProperty, source.Location ?? "[inline PEM]", "the truststore cannot be read: " + e.Message);
        }
        if (certificates.Count == 0)
        {
            throw new ConfigException(source.LocationProperty, source.Location ?? "[inline PEM]", "the truststore holds no certificate");
        }
        return certificates;
    }

    private static X509Certificate2Collection LoadFileTruststore(StoreSource source)
    {
        byte[] data = File.ReadAllBytes(source.Location!);
        return JavaKeyStore.IsJavaKeyStore(data)
            ? JavaStoreCertificates.Truststore(data, source.Password)
            : X509CertificateLoader.LoadPkcs12Collection(data, source.Password);
    }

    private static X509Certificate2Collection LoadFileKeystore(TlsListenerSettings settings)
    {
        var source = settings.Keystore;
        byte[] data = File.ReadAllBytes(source.Location!);
        if (JavaKeyStore.IsJavaKeyStore(data))
        {
            return JavaStoreCertificates.Keystore(data, source.Password, settings.KeyPassword);
        }
        var all = X509CertificateLoader.LoadPkcs12Collection(data, source.Password);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CryptographicException("no certificate with a private key");
        var chain = new X509Certificate2Collection(leaf);
        chain.AddRange(all.Where(c => !ReferenceEquals(c, leaf)).ToArray());
        return chain;
    }

    private static X509Certificate2Collection LoadPemKeystore(TlsListenerSettings settings)
    {
        string certificates = ReadPem(settings.Keystore);
        string key = settings.InlineKey is { } inline ? NormalizePem(inline) : certificates;
        var chain = ImportPem(certificates);
        if (chain.Count == 0)
        {
            throw new CryptographicException("no certificate in the PEM text");
        }
        var leaf = settings.KeyPassword is { } password
            ? X509Certificate2.CreateFromEncryptedPem(certificates, key, password)
            : X509Certificate2.CreateFromPem(certificates, key);
        chain[0] = leaf;
        return chain;
    }

    private static X509Certificate2Collection ImportPem(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    private static string ReadPem(StoreSource source) =>
        source.Location is { } path ? File.ReadAllText(path) : NormalizePem(source.InlinePem!);

    /// <summary>
    /// PEM written as one property value loses its line breaks (a properties file joins continued lines), as Kafka
    /// allows: each block is rewritten with its boundaries on lines of their own.
    /// </summary>
    private static string NormalizePem(string text) =>
        PemBlock().Replace(text, m => $"-----BEGIN {m.Groups[1].Value}-----\n{string.Concat(m.Groups[2].Value.Where(c => !char.IsWhiteSpace(c)))}\n-----END {m.Groups[1].Value}-----\n");

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PemBlock();
}
