using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;

namespace KafkaNet.Cli.Admin;

/// <summary>
/// The security settings of a --command-config file, in librdkafka's names (sasl.username, ssl.ca.location,
/// ssl.certificate.location) or Java's (sasl.jaas.config, ssl.truststore.*, ssl.keystore.*): for the tools' own
/// protocol client, and rewritten into librdkafka's names for Confluent.Kafka.
/// </summary>
internal static class ClientSecurity
{
    /// <summary>The node client's TLS and SASL, or null for PLAINTEXT.</summary>
    /// <exception cref="CommandFailedException">An unknown protocol or mechanism, missing credentials, or unreadable certificate files.</exception>
    public static NodeClientSecurity? Read(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string protocol = properties.GetValueOrDefault("security.protocol", "PLAINTEXT").ToUpperInvariant();
        if (protocol is not ("PLAINTEXT" or "SSL" or "SASL_PLAINTEXT" or "SASL_SSL"))
        {
            throw new CommandFailedException($"security.protocol {properties["security.protocol"]} is not one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL.");
        }
        var tls = protocol.EndsWith("SSL", StringComparison.Ordinal) ? ReadTls(properties) : null;
        var sasl = protocol.StartsWith("SASL", StringComparison.Ordinal) ? ReadSasl(properties) : null;
        return tls is null && sasl is null ? null : new NodeClientSecurity { Tls = tls, Sasl = sasl };
    }

    /// <summary>The properties as librdkafka takes them: Java-only names turned into librdkafka's.</summary>
    public static Dictionary<string, string> ForLibrdkafka(Dictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Remove("sasl.jaas.config", out var jaas))
        {
            if (JaasLogin(jaas) is (string username, string password))
            {
                properties.TryAdd("sasl.username", username);
                properties.TryAdd("sasl.password", password);
            }
        }
        try
        {
            TruststoreForLibrdkafka(properties);
            KeystoreForLibrdkafka(properties);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new CommandFailedException("The TLS settings cannot be used: " + e.Message, e);
        }
        if (properties.TryGetValue("ssl.endpoint.identification.algorithm", out var algorithm) && algorithm.Length == 0)
        {
            properties["ssl.endpoint.identification.algorithm"] = "none";
        }
        return properties;
    }

    private static SaslClientCredentials ReadSasl(IReadOnlyDictionary<string, string> properties)
    {
        string mechanism = (properties.GetValueOrDefault("sasl.mechanism") ?? properties.GetValueOrDefault("sasl.mechanisms") ?? "GSSAPI").ToUpperInvariant();
        if (!SaslClientCredentials.IsSupported(mechanism))
        {
            throw new CommandFailedException($"sasl.mechanism {mechanism} is not supported: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");
        }
        var (username, password) = properties.TryGetValue("sasl.jaas.config", out var jaas)
            ? JaasLogin(jaas)
            : (properties.GetValueOrDefault("sasl.username"), properties.GetValueOrDefault("sasl.password"));
        if (string.IsNullOrEmpty(username) || password is null)
        {
            throw new CommandFailedException($"SASL {mechanism} needs sasl.username and sasl.password (or sasl.jaas.config with username and password).");
        }
        return new SaslClientCredentials(mechanism, username, password);
    }

    private static (string? Username, string? Password) JaasLogin(string text)
    {
        try
        {
            var jaas = JaasConfig.Parse(text);
            return (jaas.Options.GetValueOrDefault("username"), jaas.Options.GetValueOrDefault("password"));
        }
        catch (FormatException e)
        {
            throw new CommandFailedException("sasl.jaas.config cannot be read: " + e.Message, e);
        }
    }

    private static NodeTlsSettings ReadTls(IReadOnlyDictionary<string, string> properties)
    {
        try
        {
            X509Certificate2Collection? roots = properties.TryGetValue("ssl.ca.location", out var ca)
                ? CertificateFiles.LoadTrusted(ca, "PEM", null)
                : properties.TryGetValue("ssl.ca.pem", out var caPem)
                ? PemCertificates(caPem)
                : properties.TryGetValue("ssl.truststore.location", out var truststore)
                    ? ClientStores.LoadTrusted(truststore, properties.GetValueOrDefault("ssl.truststore.type"), properties.GetValueOrDefault("ssl.truststore.password"))
                    : null;
            X509Certificate2? certificate = properties.TryGetValue("ssl.certificate.location", out var certificatePath)
                ? CertificateFiles.LoadPem(certificatePath, properties.GetValueOrDefault("ssl.key.location", certificatePath), properties.GetValueOrDefault("ssl.key.password"))
                : properties.TryGetValue("ssl.certificate.pem", out var certificatePem) && properties.TryGetValue("ssl.key.pem", out var keyPem)
                ? X509Certificate2.CreateFromPem(certificatePem, keyPem)
                : properties.TryGetValue("ssl.keystore.location", out var keystore)
                    ? ClientStores.LoadKeystore(keystore, properties.GetValueOrDefault("ssl.keystore.type"), properties.GetValueOrDefault("ssl.keystore.password"), properties.GetValueOrDefault("ssl.key.password"))
                    : null;
            string algorithm = properties.GetValueOrDefault("ssl.endpoint.identification.algorithm", "https");
            return new NodeTlsSettings
            {
                TrustedRoots = roots,
                ClientCertificate = certificate,
                VerifyHostName = !(algorithm.Length == 0 || algorithm.Equals("none", StringComparison.OrdinalIgnoreCase)),
            };
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new CommandFailedException("The TLS settings cannot be used: " + e.Message, e);
        }
    }

    private static X509Certificate2Collection PemCertificates(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("ssl.ca.pem holds no certificate.");
    }

    /// <summary>A PEM truststore file becomes ssl.ca.location; any other store is read here and given as ssl.ca.pem.</summary>
    private static void TruststoreForLibrdkafka(Dictionary<string, string> properties)
    {
        if (!properties.Remove("ssl.truststore.location", out var truststore))
        {
            return;
        }
        properties.Remove("ssl.truststore.type", out var type);
        properties.Remove("ssl.truststore.password", out var password);
        if (ClientStores.IsPem(type))
        {
            properties.TryAdd("ssl.ca.location", truststore);
        }
        else
        {
            properties.TryAdd("ssl.ca.pem", ClientStores.CertificatesPem(ClientStores.LoadTrusted(truststore, type, password)));
        }
    }

    /// <summary>librdkafka reads a PKCS12 keystore itself; a JKS or JCEKS one is read here and given as PEM text.</summary>
    private static void KeystoreForLibrdkafka(Dictionary<string, string> properties)
    {
        properties.Remove("ssl.keystore.type", out var type);
        if (ClientStores.IsPem(type))
        {
            throw new ArgumentException("a PEM keystore is given to librdkafka as ssl.certificate.location and ssl.key.location");
        }
        if (!properties.TryGetValue("ssl.keystore.location", out var keystore) || !JavaKeyStore.IsJavaKeyStore(File.ReadAllBytes(keystore)))
        {
            return;
        }
        properties.Remove("ssl.keystore.location");
        properties.Remove("ssl.keystore.password", out var password);
        using var certificate = ClientStores.LoadKeystore(keystore, type, password, properties.GetValueOrDefault("ssl.key.password"));
        properties.Remove("ssl.key.password");
        properties.TryAdd("ssl.certificate.pem", ClientStores.CertificatesPem([certificate]));
        properties.TryAdd("ssl.key.pem", ClientStores.PrivateKeyPem(certificate));
    }
}
