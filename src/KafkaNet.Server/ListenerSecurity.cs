using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Server.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KafkaNet.Server;

/// <summary>
/// Puts TLS in front of SSL and SASL_SSL listeners (Kestrel's TLS connection middleware, then the Kafka
/// handler); PLAINTEXT listeners get the handler alone. SASL listeners authenticate each connection
/// (SASL/PLAIN) before serving it.
/// </summary>
internal static class ListenerSecurity
{
    /// <summary>What each SASL listener accepts, by listener name (brokers authenticate to each other through InterBrokerSecurity).</summary>
    /// <exception cref="ConfigException">A SASL listener's mechanisms or PLAIN users cannot be served.</exception>
    public static Dictionary<string, SaslListenerSettings> ReadSaslListeners(BrokerConfig config)
    {
        var sasl = config.BrokerListeners
            .Where(l => config.GetSecurityProtocol(l) is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
            .ToDictionary(l => l.Name, l => SaslListenerConfig.Read(config, l), StringComparer.Ordinal);
        return sasl;
    }

    /// <summary>The keystore of SSL and SASL_SSL listeners, or null when no listener uses TLS.</summary>
    public static X509Certificate2? LoadCertificate(BrokerConfig config)
    {
        bool needed = config.BrokerListeners.Any(l => config.GetSecurityProtocol(l) is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl);
        if (!needed)
        {
            return null;
        }
        if (string.IsNullOrEmpty(config.SslKeystoreLocation))
        {
            throw new ConfigException("ssl.keystore.location", null, "an SSL listener needs a keystore");
        }
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(config.SslKeystoreLocation, config.SslKeystorePassword);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new ConfigException("ssl.keystore.location", config.SslKeystoreLocation, "the keystore cannot be read: " + e.Message);
        }
    }

    /// <param name="sasl">What a SASL listener accepts; null for PLAINTEXT and SSL listeners.</param>
    public static void Apply(ListenOptions options, SecurityProtocol protocol, X509Certificate2? certificate, string listenerName, SaslListenerSettings? sasl = null)
    {
        if (protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl)
        {
            options.UseHttps(certificate!);
        }
        if ((protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl) != sasl is not null)
        {
            throw new ArgumentException($"SASL settings are for SASL listeners only ({listenerName} is {protocol})", nameof(sasl));
        }
        options.UseKafka(listenerName, sasl);
    }
}
