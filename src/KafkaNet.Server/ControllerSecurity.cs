using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server;

/// <summary>
/// This node's client side of the controller listener (the first of controller.listener.names, its protocol from
/// listener.security.protocol.map): what brokers registering, heartbeating, forwarding and fetching the metadata log,
/// and controllers talking Raft to each other, connect with. SASL logs in with sasl.mechanism.controller.protocol and
/// the username and password options of listener.name.&lt;controller listener&gt;.&lt;mechanism&gt;.sasl.jaas.config;
/// TLS trusts that listener's ssl.truststore.*.
/// </summary>
internal static class ControllerSecurity
{
    private static readonly string Mechanism = BrokerConfigDefinitions.SaslMechanismControllerProtocol.Name;

    /// <summary>The controller listener's protocol; PLAINTEXT when the map leaves it out, as Kafka defaults it.</summary>
    public static SecurityProtocol Protocol(BrokerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ControllerListenerNames.FirstOrDefault() is { } name
            ? config.ListenerSecurityProtocolMap.GetValueOrDefault(name, SecurityProtocol.Plaintext)
            : SecurityProtocol.Plaintext;
    }

    /// <param name="served">What the controller listener accepts when this node serves it with SASL; null otherwise.</param>
    /// <param name="keystore">
    /// Presented when a controller asks for a client certificate: the controller listener's on a controller, the
    /// inter-broker listener's on a broker alone.
    /// </param>
    /// <returns>Null when the controller listener is PLAINTEXT, or when this node reaches no other node.</returns>
    /// <exception cref="ConfigException">The mechanism is unsupported or not enabled, or the credentials or truststore cannot be read.</exception>
    public static NodeClientSecurity? Read(BrokerConfig config, SaslListenerSettings? served, X509Certificate2? keystore)
    {
        var protocol = Protocol(config);
        if (protocol == SecurityProtocol.Plaintext || !InterBrokerSecurity.HasPeers(config))
        {
            return null;
        }
        string listener = config.ControllerListenerNames[0];
        var tls = protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl ? NodeClientSecurityConfig.ReadTls(config, listener, keystore) : null;
        var sasl = protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl
            ? NodeClientSecurityConfig.ReadSasl(config, listener, served, Mechanism, "brokers and controllers authenticate to the controllers")
            : null;
        return new NodeClientSecurity { Tls = tls, Sasl = sasl };
    }
}
