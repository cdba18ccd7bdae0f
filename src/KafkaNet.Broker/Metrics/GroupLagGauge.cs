using System.Diagnostics.Metrics;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Storage;

namespace KafkaNet.Broker.Metrics;

/// <summary>
/// Consumer group lag, as Kafka exporters name it (kafka_consumergroup_lag{consumergroup,topic,partition}): the high
/// watermark less the committed offset, read when scraped. Reported by the group's coordinator, for the partitions
/// of which it has a replica (their high watermark is known there).
/// </summary>
internal static class GroupLagGauge
{
    public static void Register(Meter meter, GroupCoordinator groups, ReplicaManager? replicas) =>
        meter.CreateObservableGauge("kafka.consumergroup.lag", () => Measure(groups, replicas),
            null, "High watermark less the group's committed offset, per partition (reported by the group's coordinator)");

    private static List<Measurement<long>> Measure(GroupCoordinator groups, ReplicaManager? replicas)
    {
        var measurements = new List<Measurement<long>>();
        if (replicas is null)
        {
            return measurements;
        }
        foreach (var shard in groups.LoadedShards)
        {
            lock (shard.Lock)
            {
                foreach (string group in shard.Offsets.Groups)
                {
                    foreach (var (partition, committed) in shard.Offsets.Of(group))
                    {
                        if (replicas.Find(partition.Topic, partition.Partition) is { } log)
                        {
                            measurements.Add(new Measurement<long>(Math.Max(0, log.HighWatermark - committed.Offset),
                                new KeyValuePair<string, object?>("consumergroup", group),
                                new KeyValuePair<string, object?>("topic", partition.Topic),
                                new KeyValuePair<string, object?>("partition", partition.Partition)));
                        }
                    }
                }
            }
        }
        return measurements;
    }
}
