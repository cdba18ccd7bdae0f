namespace KafkaNet.Cli.Reassignment;

/// <summary>A reassignment in progress: all the partition's replicas now, and those being added and removed.</summary>
internal sealed record OngoingReassignment(PartitionReplicas Partition, IReadOnlyList<int> Adding, IReadOnlyList<int> Removing);
