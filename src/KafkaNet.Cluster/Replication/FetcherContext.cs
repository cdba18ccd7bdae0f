using KafkaNet.Cluster.Network;
using KafkaNet.Storage;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Replication;

/// <summary>What every fetch loop of one manager shares.</summary>
internal sealed record FetcherContext(
    ReplicaFetcherOptions Options,
    Func<int, NodeAddress?> ResolveBroker,
    Func<string, int, PartitionLog?> FindLog,
    Action<string, int> OnAppended,
    ILoggerFactory LoggerFactory,
    ILogger Logger)
{
    public TimeSpan Backoff => TimeSpan.FromMilliseconds(Math.Max(0, Options.ReplicaFetchBackoffMs));

    public void TruncateTo(PartitionLog log, string topic, int partition, long offset)
    {
        if (Options.LogManager is { } manager)
            manager.TruncateTo(new TopicPartition(topic, partition), offset);
        else
            log.TruncateTo(offset);
    }

    public void TruncateFullyAndStartAt(PartitionLog log, string topic, int partition, long offset)
    {
        if (Options.LogManager is { } manager)
            manager.TruncateFullyAndStartAt(new TopicPartition(topic, partition), offset);
        else
            log.TruncateFullyAndStartAt(offset);
    }
}
