namespace KafkaNet.Broker;

/// <summary>One entry of controller.quorum.voters: a controller's node id and the address of its controller listener.</summary>
public sealed record QuorumVoter(int Id, string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"{Id}@[{Host}]:{Port}" : $"{Id}@{Host}:{Port}";
}
