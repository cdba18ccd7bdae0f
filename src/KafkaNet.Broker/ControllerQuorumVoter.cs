namespace KafkaNet.Broker;

/// <summary>One entry of controller.quorum.voters: a controller's node id and the address of its controller listener.</summary>
public sealed record ControllerQuorumVoter(int NodeId, string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"{NodeId}@[{Host}]:{Port}" : $"{NodeId}@{Host}:{Port}";
}
