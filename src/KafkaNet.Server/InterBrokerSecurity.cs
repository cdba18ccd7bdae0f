using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;

namespace KafkaNet.Server;

/// <summary>
/// This broker's client side on the inter-broker listener, read with Kafka's names: TLS trusting ssl.truststore.*
/// (the listener's listener.name.&lt;l&gt;.ssl.truststore.* first) and checking host names unless
/// ssl.endpoint.identification.algorithm is empty, presenting the listener's keystore if asked; SASL with
/// sasl.mechanism.inter.broker.protocol and the username and password options of
/// listener.name.&lt;l&gt;.&lt;mechanism&gt;.sasl.jaas.config.
/// </summary>
internal static class InterBrokerSecurity
{
    private static readonly string Mechanism = BrokerConfigDefinitions.SaslMechanismInterBrokerProtocol.Name;

    /// <returns>Null when the listener is PLAINTEXT, or when the node has no other broker to reach.</returns>
    /// <exception cref="ConfigException">The mechanism is not enabled there, or the credentials or truststore cannot be read.</exception>
    public static NodeClientSecurity? Read(BrokerConfig config, IReadOnlyDictionary<string, SaslListenerSettings> saslListeners, X509Certificate2? keystore)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(saslListeners);
        var listener = config.IsBroker ? config.BrokerListeners.FirstOrDefault(l => l.Name == config.InterBrokerListenerName) : null;
        if (listener is null || !HasPeers(config))
        {
            return null;
        }
        CheckRegistered(config, listener);
        var protocol = config.GetSecurityProtocol(listener);
        var tls = protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl ? ReadTls(config, listener, keystore) : null;
        var sasl = saslListeners.TryGetValue(listener.Name, out var served) ? ReadSasl(config, listener, served) : null;
        return tls is null && sasl is null ? null : new NodeClientSecurity { Tls = tls, Sasl = sasl };
    }

    /// <summary>False for a node alone in its cluster: it fetches from nobody.</summary>
    public static bool HasPeers(BrokerConfig config)
    {
        var cluster = config.Cluster;
        return !(cluster.IsStandalone || (config.IsController && cluster.Voters.Count == 1 && cluster.BootstrapServers.Count == 0));
    }

    // Brokers register one listener, the first of listeners, and reach each other there.
    private static void CheckRegistered(BrokerConfig config, ListenerEndpoint listener)
    {
        var registered = config.BrokerListeners[0];
        if (registered.Name != listener.Name && (config.GetSecurityProtocol(registered) != SecurityProtocol.Plaintext || config.GetSecurityProtocol(listener) != SecurityProtocol.Plaintext))
        {
            throw new ConfigException(BrokerConfigDefinitions.InterBrokerListenerName.Name, listener.Name,
                $"brokers reach each other on the listener they register, the first of listeners ({registered.Name}); with TLS or SASL the inter-broker listener must be that one");
        }
    }

    private static SaslClientCredentials ReadSasl(BrokerConfig config, ListenerEndpoint listener, SaslListenerSettings served)
    {
        string mechanism = (string)config.GetValue(Mechanism)!;
        if (!served.EnabledMechanisms.Contains(mechanism))
        {
            throw new ConfigException(Mechanism, mechanism,
                $"the inter-broker listener {listener.Name} enables [{string.Join(", ", served.EnabledMechanisms)}]; brokers must authenticate with one of them");
        }
        if (!SaslClientCredentials.IsSupported(mechanism))
        {
            throw new ConfigException(Mechanism, mechanism, "brokers authenticate to each other with PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        string name = $"listener.name.{listener.Name.ToLowerInvariant()}.{mechanism.ToLowerInvariant()}.sasl.jaas.config";
        if (!config.Properties.TryGetValue(name, out string? text))
        {
            throw new ConfigException(name, null, $"brokers authenticate to each other with {mechanism}: its JAAS configuration needs username and password options");
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
            throw new ConfigException(name, "[hidden]", $"brokers authenticate to each other with {mechanism}: the username and password options are missing");
        }
        return new SaslClientCredentials(mechanism, username, password);
    }

    private static NodeTlsSettings ReadTls(BrokerConfig config, ListenerEndpoint listener, X509Certificate2? keystore)
    {
        string prefix = $"listener.name.{listener.Name.ToLowerInvariant()}.";
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
