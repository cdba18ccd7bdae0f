using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>
/// Records valued "partition:n", n counting from 0 in each partition: a reader that sees exactly 0, 1, 2... per
/// partition saw every record once and in order.
/// </summary>
internal static class NumberedRecords
{
    public static List<string> Expected(int partition, int count) => [.. Enumerable.Range(0, count).Select(i => $"{partition}:{i}")];

    /// <summary>Produces one record, waiting (up to 60 s) while librdkafka's queue is full; failures are counted.</summary>
    public static void Produce(IProducer<Null, string> producer, TopicPartition partition, string value, Action onFailure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                producer.Produce(partition, new Message<Null, string> { Value = value }, report =>
                {
                    if (report.Error.IsError)
                    {
                        onFailure();
                    }
                });
                return;
            }
            catch (ProduceException<Null, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>Every partition of the topic read to its end (at most 90 s), values in offset order.</summary>
    public static List<string>[] ReadAll(string bootstrap, string topic, int partitions, IsolationLevel isolation)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "numbered-reader",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = isolation,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = Enumerable.Range(0, partitions).Select(_ => new List<string>()).ToArray();
        var atEnd = new bool[partitions];
        var clock = Stopwatch.StartNew();
        for (int polls = 0; polls < 1_000_000 && clock.Elapsed < TimeSpan.FromSeconds(90) && !atEnd.All(e => e); polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                atEnd[result.Partition.Value] = true;
                continue;
            }
            read[result.Partition.Value].Add(result.Message.Value);
        }
        Assert.True(atEnd.All(e => e), $"the reader did not reach the end of every partition of {topic}");
        return read;
    }
}
