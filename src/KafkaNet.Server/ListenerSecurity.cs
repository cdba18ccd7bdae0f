using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker;
using KafkaNet.Server.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KafkaNet.Server;

/// <summary>
/// Puts TLS in front of SSL listeners (Kestrel's TLS connection middleware, then the Kafka
/// handler); PLAINTEXT listeners get the handler alone. SASL is refused at startup.
/// </summary>
internal static class ListenerSecurity
{
    /// <summary>The keystore of SSL listeners, or null when no listener uses SSL. SASL listeners stop startup here.</summary>
    public static X509Certificate2? LoadCertificate(BrokerConfig config)
    {
        foreach (var listener in config.BrokerListeners)
        {
            if (config.GetSecurityProtocol(listener) is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
            {
                throw new ConfigException("listener.security.protocol.map", listener.Name, "SASL listeners are not supported yet");
            }
        }
        bool needed = config.BrokerListeners.Any(l => config.GetSecurityProtocol(l) == SecurityProtocol.Ssl);
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

    public static void Apply(ListenOptions options, SecurityProtocol protocol, X509Certificate2? certificate, string listenerName)
    {
        if (protocol == SecurityProtocol.Ssl)
        {
            options.UseHttps(certificate!);
        }
        options.UseKafka(listenerName);
    }
}
