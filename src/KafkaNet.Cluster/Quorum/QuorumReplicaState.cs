namespace KafkaNet.Cluster.Quorum;

/// <summary>One replica as DescribeQuorum reports it; -1 where the value is unknown.</summary>
public sealed record QuorumReplicaState(int ReplicaId, long LogEndOffset, long LastFetchTimestamp, long LastCaughtUpTimestamp)
{
    /// <summary>The replica's metadata log directory id (DescribeQuorum v2); empty when unknown.</summary>
    public Guid DirectoryId { get; init; }
}
