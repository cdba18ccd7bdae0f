namespace KafkaNet.Cluster.Network;

/// <summary>Settings of a <see cref="NodeClient"/>.</summary>
public sealed class NodeClientOptions
{
    /// <summary>The client id sent in every request header.</summary>
    public string ClientId { get; init; } = "kafkanet-node";

    /// <summary>How long opening the TCP connection may take (Kafka's socket.connection.setup.timeout.ms is 10 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one request may wait for its response (Kafka's request.timeout.ms is 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A response frame larger than this closes the connection before its body is buffered.</summary>
    public int MaxResponseBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>TLS and SASL on every connection; null connects in PLAINTEXT.</summary>
    public NodeClientSecurity? Security { get; init; }
}
