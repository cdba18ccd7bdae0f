using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;

namespace KafkaNet.Server;

/// <summary>
/// This node's client side of one of its listeners, read with Kafka's names: TLS trusting ssl.truststore.* (the
/// listener's listener.name.&lt;l&gt;.ssl.truststore.* first), checking host names unless
/// ssl.endpoint.identification.algorithm is empty; SASL with the mechanism a setting names and the username and
/// password options of listener.name.&lt;l&gt;.&lt;mechanism&gt;.sasl.jaas.config.
/// </summary>
internal static class NodeClientSecurityConfig
{
    /// <param name="mechanismSetting">The setting naming the mechanism (sasl.mechanism.inter.broker.protocol, sasl.mechanism.controller.protocol).</param>
    /// <param name="served">What the listener accepts when this node serves it; null when only other nodes do.</param>
    /// <param name="whoLogsIn">Who authenticates there, for messages: "brokers authenticate to each other".</param>
    /// <exception cref="ConfigException">The mechanism is not supported or not enabled there, or the credentials cannot be read.</exception>
    public static SaslClientCredentials ReadSasl(BrokerConfig config, string listenerName, SaslListenerSettings? served, string mechanismSetting, string whoLogsIn)
    {
        string mechanism = (string)config.GetValue(mechanismSetting)!;
        if (served is not null && !served.EnabledMechanisms.Contains(mechanism))
        {
            throw new ConfigException(mechanismSetting, mechanism,
                $"listener {listenerName} enables [{string.Join(", ", served.EnabledMechanisms)}]; {whoLogsIn} with one of them");
        }
        if (!SaslClientCredentials.IsSupported(mechanism))
        {
            throw new ConfigException(mechanismSetting, mechanism, $"{whoLogsIn} with PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        string name = $"listener.name.{listenerName.ToLowerInvariant()}.{mechanism.ToLowerInvariant()}.sasl.jaas.config";
        if (!config.Properties.TryGetValue(name, out string? text))
        {
            throw new ConfigException(name, null, $"{whoLogsIn} with {mechanism}: its JAAS configuration needs username and password options");
        }
        JaasConfig jaas;
        try
        {
            jaas = JaasConfig.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException(name, "[hidden]", e.Message);
        }
        if (!jaas.Options.TryGetValue("username", out var username) || username.Length == 0 || !jaas.Options.TryGetValue("password", out var password))
        {
            throw new ConfigException(name, "[hidden]", $"{whoLogsIn} with {mechanism}: the username and password options are missing");
        }
        return new SaslClientCredentials(mechanism, username, password);
    }

    /// <param name="keystore">Presented when the peer asks for a client certificate; null presents none.</param>
    /// <exception cref="ConfigException">The truststore cannot be read.</exception>
    public static NodeTlsSettings ReadTls(BrokerConfig config, string listenerName, X509Certificate2? keystore)
    {
        string prefix = $"listener.name.{listenerName.ToLowerInvariant()}.";
        string? Setting(string name) => config.Properties.GetValueOrDefault(prefix + name) ?? config.Properties.GetValueOrDefault(name);
        X509Certificate2Collection? roots = null;
        if (Setting("ssl.truststore.location") is { Length: > 0 } location)
        {
            // The store the listener trusts, read the same way (JKS, JCEKS and PKCS12 by content, or PEM).
            string type = string.Equals(Setting("ssl.truststore.type"), StoreSource.Pem, StringComparison.OrdinalIgnoreCase) ? StoreSource.Pem : StoreSource.Jks;
            roots = TlsStores.LoadTruststore(new StoreSource(type, location, Setting("ssl.truststore.password"), null, "ssl.truststore.location"));
        }
        return new NodeTlsSettings
        {
            TrustedRoots = roots,
            VerifyHostName = ((string?)config.GetValue(BrokerConfigDefinitions.SslEndpointIdentificationAlgorithm.Name) ?? "").Length > 0,
            ClientCertificate = keystore,
        };
    }
}
