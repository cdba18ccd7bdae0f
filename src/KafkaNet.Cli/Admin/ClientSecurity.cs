using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;

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
        if (properties.TryGetValue("ssl.truststore.location", out var truststore) && IsPem(properties.GetValueOrDefault("ssl.truststore.type")))
        {
            properties.Remove("ssl.truststore.location");
            properties.Remove("ssl.truststore.type");
            properties.Remove("ssl.truststore.password");
            properties.TryAdd("ssl.ca.location", truststore);
        }
        if (properties.Remove("ssl.keystore.type", out var keystoreType) && !keystoreType.Equals("PKCS12", StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandFailedException($"ssl.keystore.type {keystoreType} is not supported: use a PKCS12 keystore, or ssl.certificate.location and ssl.key.location.");
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
                : properties.TryGetValue("ssl.truststore.location", out var truststore)
                    ? CertificateFiles.LoadTrusted(truststore, properties.GetValueOrDefault("ssl.truststore.type"), properties.GetValueOrDefault("ssl.truststore.password"))
                    : null;
            X509Certificate2? certificate = properties.TryGetValue("ssl.certificate.location", out var certificatePath)
                ? CertificateFiles.LoadPem(certificatePath, properties.GetValueOrDefault("ssl.key.location", certificatePath), properties.GetValueOrDefault("ssl.key.password"))
                : properties.TryGetValue("ssl.keystore.location", out var keystore)
                    ? CertificateFiles.LoadKeystore(keystore, properties.GetValueOrDefault("ssl.keystore.type"), properties.GetValueOrDefault("ssl.keystore.password"))
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

    private static bool IsPem(string? type) => string.Equals(type, "PEM", StringComparison.OrdinalIgnoreCase);
}
