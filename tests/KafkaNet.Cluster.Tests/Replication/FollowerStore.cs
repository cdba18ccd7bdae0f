using KafkaNet.Storage;

namespace KafkaNet.Cluster.Tests.Replication;

/// <summary>The follower's log dir: a LogManager in a temporary directory.</summary>
internal sealed class FollowerStore : IDisposable
{
    private readonly string directory = ReplicationTestSupport.TempDirectory();

    public FollowerStore() => Logs = LogManager.Open(directory);

    public LogManager Logs { get; }

    public PartitionLog Log(string topic, int partition = 0) => Logs.GetOrCreateLog(new TopicPartition(topic, partition));

    public PartitionLog? Find(string topic, int partition) => Logs.Logs.GetValueOrDefault(new TopicPartition(topic, partition));

    public void Dispose()
    {
        Logs.Dispose();
        ReplicationTestSupport.DeleteDirectory(directory);
    }
}
