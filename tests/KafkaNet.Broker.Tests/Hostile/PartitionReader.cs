using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Broker.Tests.Hostile;

/// <summary>Reads one partition to its end with a real client, as a user would, within a time limit.</summary>
internal static class PartitionReader
{
    /// <summary>Confluent.Kafka from <paramref name="start"/> until end of partition (30 s at most): values read, final position.</summary>
    public static (List<string> Values, long Position) WithConfluent(string bootstrap, string topic, Offset start)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "partition-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partition = new Confluent.Kafka.TopicPartition(topic, 0);
        consumer.Assign(new TopicPartitionOffset(partition, start));
        var values = new List<string>();
        var clock = Stopwatch.StartNew();
        for (int polls = 0; polls < 1000 && clock.Elapsed < TimeSpan.FromSeconds(30); polls++)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: true })
            {
                return (values, consumer.Position(partition).Value);
            }
            if (result is not null)
            {
                values.Add(result.Message.Value);
            }
        }
        Assert.Fail($"no end of {topic}-0 within 30 s; read {string.Join(",", values)} and stopped at {consumer.Position(partition)}");
        return default;
    }

    /// <summary>kcat from <paramref name="start"/> ("beginning" or an offset) to the end (-e), 30 s at most: the values read.</summary>
    public static async Task<List<string>> WithKcatAsync(string bootstrap, string topic, string start)
    {
        var (exitCode, output) = await Kcat.RunAsync(TimeSpan.FromSeconds(30), "-b", bootstrap, "-C", "-t", topic, "-p", "0", "-o", start, "-e", "-q", "-f", "%s\\n");
        Assert.True(exitCode == 0, $"kcat exited with {exitCode}: {output}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
