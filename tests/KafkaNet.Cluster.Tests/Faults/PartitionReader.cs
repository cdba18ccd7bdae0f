using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>Reads partitions from their first offset with an assigned (group-less) consumer.</summary>
internal static class PartitionReader
{
    /// <summary>Every record of the partition below <paramref name="end"/>, as (offset, value), in the order received.</summary>
    public static List<(long Offset, int Value)> ReadAll(string bootstrap, string topic, int partition, long end, TimeSpan timeout)
    {
        var records = new List<(long, int)>();
        if (end <= 0)
            return records;
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "ledger-check-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadUncommitted,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var clock = Stopwatch.StartNew();
        long next = 0;
        while (next < end && clock.Elapsed < timeout)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record is null || record.IsPartitionEOF)
                continue;
            records.Add((record.Offset.Value, int.Parse(record.Message.Value, CultureInfo.InvariantCulture)));
            next = record.Offset.Value + 1;
        }
        return records;
    }

    /// <summary>The partition's high watermark as its leader reports it.</summary>
    public static long HighWatermark(string bootstrap, string topic, int partition)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "watermarks" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(10)).High.Value;
    }
}
