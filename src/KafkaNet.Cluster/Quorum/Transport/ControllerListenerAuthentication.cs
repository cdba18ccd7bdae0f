using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Tls;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>Who a connection to the controller listener is: its listener name and, as on any listener, its SASL or client-certificate principal.</summary>
public sealed class ControllerListenerAuthentication
{
    /// <summary>The controller listener's name, as its connections are counted.</summary>
    public string ListenerName { get; init; } = "CONTROLLER";

    /// <summary>Set on a SASL controller listener: Kafka and Raft connections both log in before anything else.</summary>
    public SaslListenerSettings? Sasl { get; init; }

    /// <summary>Set on an SSL controller listener: a connection's principal comes from its client certificate.</summary>
    public SslPrincipalBuilder? SslPrincipals { get; init; }
}
