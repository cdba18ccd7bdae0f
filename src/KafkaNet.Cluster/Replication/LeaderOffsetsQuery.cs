namespace KafkaNet.Cluster.Replication;

/// <summary>Asks the partition's leader for its log start and end offsets; null when it cannot tell.</summary>
internal delegate Task<(long Start, long End)?> LeaderOffsetsQuery(PartitionFetchState state, CancellationToken cancellationToken);
