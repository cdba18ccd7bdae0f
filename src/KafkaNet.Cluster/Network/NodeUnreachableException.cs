namespace KafkaNet.Cluster.Network;

/// <summary>
/// The connection to another node could not be opened, or broke before the response arrived; a
/// <see cref="NodeAuthenticationException"/> when the node refused this client's TLS or SASL.
/// </summary>
public class NodeUnreachableException : Exception
{
    public NodeUnreachableException()
    {
    }

    public NodeUnreachableException(string message)
        : base(message)
    {
    }

    public NodeUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal NodeUnreachableException(NodeAddress address, string reason, Exception? innerException = null)
        : this($"Connection to {address} failed: {reason}", innerException, address.NodeId)
    {
    }

    private protected NodeUnreachableException(string message, Exception? innerException, int nodeId)
        : base(message, innerException)
    {
        NodeId = nodeId;
    }

    /// <summary>The node that could not be reached, or -1 when unknown.</summary>
    public int NodeId { get; } = -1;
}
