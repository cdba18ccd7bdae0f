using System.Collections.Concurrent;
using KafkaNet.Broker.Storage;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Storage that records what the registry asked of it.</summary>
internal sealed class RecordingPartitionStorage : IPartitionStorage
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public void CreatePartition(string topic, Guid topicId, int partition, IReadOnlyDictionary<string, string> configOverrides) =>
        Calls.Enqueue($"create {topic}-{partition}");

    public void DeletePartition(string topic, Guid topicId, int partition) => Calls.Enqueue($"delete {topic}-{partition}");

    public void UpdateConfig(string topic, Guid topicId, IReadOnlyDictionary<string, string> configOverrides) =>
        Calls.Enqueue($"config {topic} {string.Join(",", configOverrides.Select(c => $"{c.Key}={c.Value}"))}");
}
