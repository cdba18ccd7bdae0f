namespace KafkaNet.Cluster.Network;

/// <summary>The connection to another node could not be opened, or broke before the response arrived.</summary>
public sealed class NodeUnreachableException : Exception
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
        : base($"Connection to {address} failed: {reason}", innerException)
    {
        NodeId = address.NodeId;
    }

    /// <summary>The node that could not be reached, or -1 when unknown.</summary>
    public int NodeId { get; } = -1;
}
