namespace KafkaNet.Cluster.Quorum;

/// <summary>A write reached a node that is not the quorum leader (Kafka's NOT_CONTROLLER).</summary>
public sealed class NotControllerException : Exception
{
    public NotControllerException()
        : this((int?)null)
    {
    }

    public NotControllerException(string? message)
        : base(message)
    {
    }

    public NotControllerException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public NotControllerException(int? leaderId, Exception? innerException = null)
        : base(leaderId is { } id ? $"This node is not the controller; the leader is node {id}." : "This node is not the controller; no leader is known.", innerException)
        => LeaderId = leaderId;

    /// <summary>The leader this node knows of, or null.</summary>
    public int? LeaderId { get; }
}
