using System.Diagnostics.Metrics;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Metrics;

/// <summary>
/// Gauges of the broker's partitions, read from its metadata image and logs when scraped (nothing is kept up to date
/// between scrapes): Kafka's ReplicaManager and Log metrics, and the offline partitions its controller reports.
/// </summary>
internal static class PartitionGauges
{
    public static void Register(Meter meter, TopicRegistry topics, ReplicaManager? replicas)
    {
        meter.CreateObservableGauge("kafka.server.replicamanager.partitioncount", () => replicas?.Logs.Count ?? 0,
            null, "Partitions with a log on this broker (PartitionCount)");
        meter.CreateObservableGauge("kafka.server.replicamanager.leadercount", () => Count(topics, (p, self) => p.Leader == self),
            null, "Partitions this broker leads (LeaderCount)");
        meter.CreateObservableGauge("kafka.server.replicamanager.underreplicatedpartitions",
            () => Count(topics, (p, self) => p.Leader == self && p.Isr.Length < p.Replicas.Length),
            null, "Partitions led here whose ISR is smaller than their replica set (UnderReplicatedPartitions)");
        meter.CreateObservableGauge("kafka.controller.kafkacontroller.offlinepartitionscount",
            () => Count(topics, (p, _) => p.Leader == PartitionRegistration.NoLeader),
            null, "Partitions without a leader in this broker's metadata (OfflinePartitionsCount)");
        meter.CreateObservableGauge("kafka.log.log.size", () => PerLog(replicas, static log => log.Size),
            null, "Bytes of a partition's log segments on disk (Log Size)");
        meter.CreateObservableGauge("kafka.log.log.numlogsegments", () => PerLog(replicas, static log => log.Segments.Count),
            null, "Segments of a partition's log (NumLogSegments)");
    }

    private static int Count(TopicRegistry topics, Func<PartitionRegistration, int, bool> predicate)
    {
        int self = topics.NodeId;
        int count = 0;
        foreach (var topic in topics.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (predicate(partition, self))
                {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<Measurement<long>> PerLog(ReplicaManager? replicas, Func<KafkaNet.Storage.PartitionLog, long> value)
    {
        var measurements = new List<Measurement<long>>();
        if (replicas is null)
        {
            return measurements;
        }
        foreach (var (tp, log) in replicas.Logs)
        {
            measurements.Add(new Measurement<long>(value(log),
                new KeyValuePair<string, object?>("topic", tp.Topic), new KeyValuePair<string, object?>("partition", tp.Partition)));
        }
        return measurements;
    }
}
