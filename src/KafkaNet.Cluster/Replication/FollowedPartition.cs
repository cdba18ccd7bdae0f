namespace KafkaNet.Cluster.Replication;

/// <summary>A snapshot of one followed partition, for diagnostics.</summary>
public sealed record FollowedPartition(
    string Topic,
    int Partition,
    int LeaderId,
    int LeaderEpoch,
    long FetchOffset,
    FollowedPartitionStatus Status,
    string? LastError);
