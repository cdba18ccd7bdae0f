namespace KafkaNet.Server.Configuration;

// How this broker connects to the others: which listener, and its client side of TLS and SASL there.
public static partial class BrokerConfigDefinitions
{
    public static readonly ConfigDefinition SecurityInterBrokerProtocol = Define(
        "security.inter.broker.protocol", ConfigType.String, null,
        "The security protocol brokers use to talk to each other, naming the listener of that name; an alternative to inter.broker.listener.name (setting both is an error). Kafka's default is PLAINTEXT.",
        ConfigValidators.SingleToken());

    public static readonly ConfigDefinition SaslMechanismInterBrokerProtocol = Define(
        "sasl.mechanism.inter.broker.protocol", ConfigType.String, "GSSAPI",
        "The SASL mechanism brokers authenticate to each other with on a SASL inter-broker listener: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, enabled on that listener. The credentials are the username and password options of the listener's JAAS configuration for that mechanism.");

    public static readonly ConfigDefinition SaslMechanismControllerProtocol = Define(
        "sasl.mechanism.controller.protocol", ConfigType.String, "GSSAPI",
        "The SASL mechanism brokers and controllers authenticate to controllers with on a SASL controller listener: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, enabled on that listener. The credentials are the username and password options of the controller listener's JAAS configuration for that mechanism.");

    public static readonly ConfigDefinition SslEndpointIdentificationAlgorithm = Define(
        "ssl.endpoint.identification.algorithm", ConfigType.String, "https",
        "https checks that the certificate of a broker this broker connects to names its host; empty turns the check off.",
        value => value is string text && text.Length > 0 && !string.Equals(text, "https", StringComparison.OrdinalIgnoreCase) ? "Only https or empty is supported" : null);
}
