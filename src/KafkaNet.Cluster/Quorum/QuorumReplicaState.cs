namespace KafkaNet.Cluster.Quorum;

/// <summary>One replica as DescribeQuorum reports it; -1 where the value is unknown.</summary>
public sealed record QuorumReplicaState(int ReplicaId, long LogEndOffset, long LastFetchTimestamp, long LastCaughtUpTimestamp);
