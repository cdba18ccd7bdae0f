using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Network;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;
using Microsoft.Extensions.Logging;

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
    private static readonly string[] KeystoreSettings = ["ssl.keystore.location", "ssl.keystore.certificate.chain"];

    /// <summary>The controller listener's protocol; PLAINTEXT when the map leaves it out, as Kafka defaults it.</summary>
    public static SecurityProtocol Protocol(BrokerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ControllerListenerNames.FirstOrDefault() is { } name
            ? config.ListenerSecurityProtocolMap.GetValueOrDefault(name, SecurityProtocol.Plaintext)
            : SecurityProtocol.Plaintext;
    }

    /// <summary>
    /// The certificate a node that does not serve the controller listener presents when a controller asks for one: the
    /// keystore its ssl.keystore.* settings (listener.name.&lt;controller listener&gt;.ssl.keystore.* first) name; null without one.
    /// </summary>
    /// <exception cref="ConfigException">The keystore settings are invalid or the keystore cannot be loaded.</exception>
    public static X509Certificate2? ReadClientKeystore(BrokerConfig config, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (Protocol(config) is not (SecurityProtocol.Ssl or SecurityProtocol.SaslSsl) || !InterBrokerSecurity.HasPeers(config))
        {
            return null;
        }
        string listener = config.ControllerListenerNames[0];
        string prefix = $"listener.name.{listener.ToLowerInvariant()}.";
        bool configured = KeystoreSettings.Any(name => config.Properties.ContainsKey(name) || config.Properties.ContainsKey(prefix + name));
        return configured
            ? new ListenerTls(TlsListenerConfig.Read(config, new ListenerEndpoint(listener, "", 0)), loggerFactory.CreateLogger("KafkaNet.Server.Tls")).Certificate
            : null;
    }

    /// <param name="served">What the controller listener accepts when this node serves it with SASL; null otherwise.</param>
    /// <param name="keystore">Presented when a controller asks for a client certificate; null presents none.</param>
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
