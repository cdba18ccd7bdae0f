namespace KafkaNet.Cluster.Replication;

/// <summary>A partition as it was put in a fetch request: a response is applied only if nothing changed since.</summary>
internal readonly record struct FetchedPartition(PartitionFetchState State, int Generation, long FetchOffset);
