namespace KafkaNet.Cluster.Network;

/// <summary>
/// The node was reached but refused this client: TLS failed (an untrusted certificate, a name that does not match) or
/// SASL did (wrong credentials, a mechanism the node does not enable). Retrying does not help until the settings change.
/// </summary>
public sealed class NodeAuthenticationException : NodeUnreachableException
{
    public NodeAuthenticationException()
    {
    }

    public NodeAuthenticationException(string message)
        : base(message)
    {
    }

    public NodeAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal NodeAuthenticationException(NodeAddress address, string reason, Exception? innerException = null)
        : base($"Authentication to {address} failed: {reason}", innerException, address.NodeId)
    {
    }
}
