using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;

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
        var tls = protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl ? NodeClientSecurityConfig.ReadTls(config, listener.Name, keystore) : null;
        var sasl = saslListeners.TryGetValue(listener.Name, out var served)
            ? NodeClientSecurityConfig.ReadSasl(config, listener.Name, served, Mechanism, "brokers authenticate to each other")
            : null;
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
}
