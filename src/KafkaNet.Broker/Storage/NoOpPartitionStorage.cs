namespace KafkaNet.Broker.Storage;

/// <summary>Storage that keeps nothing: topics exist as metadata only until a log engine is plugged in.</summary>
public sealed class NoOpPartitionStorage : IPartitionStorage
{
    public static NoOpPartitionStorage Instance { get; } = new();

    public void CreatePartition(string topic, Guid topicId, int partition, IReadOnlyDictionary<string, string> configOverrides)
    {
    }

    public void DeletePartition(string topic, Guid topicId, int partition)
    {
    }

    public void UpdateConfig(string topic, Guid topicId, IReadOnlyDictionary<string, string> configOverrides)
    {
    }
}
