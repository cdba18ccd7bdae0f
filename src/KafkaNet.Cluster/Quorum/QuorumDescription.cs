namespace KafkaNet.Cluster.Quorum;

/// <summary>The quorum as DescribeQuorum v0-2 reports it; <see cref="LeaderId"/> is -1 when unknown.</summary>
public sealed record QuorumDescription(
    int LeaderId,
    long LeaderEpoch,
    long HighWatermark,
    IReadOnlyList<QuorumReplicaState> CurrentVoters,
    IReadOnlyList<QuorumReplicaState> Observers);
