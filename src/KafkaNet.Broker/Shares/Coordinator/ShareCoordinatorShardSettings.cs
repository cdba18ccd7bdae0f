namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>What every shard of one share coordinator shares: how its state is made and how its writes go to the log.</summary>
internal sealed record ShareCoordinatorShardSettings(
    int UpdateRecordsPerSnapshot, Func<Guid, int, bool> PartitionExists, int CompressionCodec, int MinInsyncReplicas, TimeProvider Time)
{
    public ShareCoordinatorState NewState() => new(UpdateRecordsPerSnapshot, PartitionExists);
}
