namespace KafkaNet.Cluster.Network;

/// <summary>
/// How a <see cref="NodeClient"/> secures its connections, as Kafka's security.protocol: TLS alone (SSL), SASL alone
/// (SASL_PLAINTEXT), both (SASL_SSL), or neither (PLAINTEXT, the default when no security is given).
/// </summary>
public sealed class NodeClientSecurity
{
    /// <summary>TLS over the connection; null to speak in the clear.</summary>
    public NodeTlsSettings? Tls { get; init; }

    /// <summary>SASL right after connecting (and after TLS); null not to authenticate.</summary>
    public SaslClientCredentials? Sasl { get; init; }

    /// <summary>"SASL_SSL", "SSL", "SASL_PLAINTEXT" or "PLAINTEXT".</summary>
    public string ProtocolName => (Tls, Sasl) switch
    {
        (not null, not null) => "SASL_SSL",
        (not null, null) => "SSL",
        (null, not null) => "SASL_PLAINTEXT",
        _ => "PLAINTEXT",
    };
}
