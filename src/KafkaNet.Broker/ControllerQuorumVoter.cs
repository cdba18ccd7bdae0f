namespace KafkaNet.Broker;

/// <summary>
/// A voter of the metadata quorum: its node id and the address of its controller listener (one entry of
/// controller.quorum.voters), and in a dynamic quorum (KIP-853) the directory id of its metadata log.
/// </summary>
public sealed record ControllerQuorumVoter(int NodeId, string Host, int Port, Guid DirectoryId = default)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"{NodeId}@[{Host}]:{Port}" : $"{NodeId}@{Host}:{Port}";
}
