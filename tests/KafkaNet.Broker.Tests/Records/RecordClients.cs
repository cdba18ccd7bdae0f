using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>Confluent.Kafka producers and consumers with short timeouts, and a bounded read of one partition.</summary>
internal static class RecordClients
{
    /// <param name="lingerMs">How long the client gathers records into a batch; long enough that records queued together travel together under any load when a test needs one batch.</param>
    public static IProducer<Null, string> Producer(string bootstrap, Acks acks = Acks.All, double lingerMs = 2) => new ProducerBuilder<Null, string>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        Acks = acks,
        EnableIdempotence = false,
        LingerMs = lingerMs,
        MessageTimeoutMs = 10000,
        SocketTimeoutMs = 10000,
    }).Build();

    /// <summary>A group member that never commits: offsets come only from Assign.</summary>
    public static IConsumer<Ignore, string> Consumer(string bootstrap) => new ConsumerBuilder<Ignore, string>(new ConsumerConfig
    {
        BootstrapServers = bootstrap,
        GroupId = "records-" + Guid.NewGuid().ToString("N"),
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Error,
        CheckCrcs = true, // a torn or damaged batch must fail the read, not pass as data
        SocketTimeoutMs = 10000,
    }).Build();

    /// <summary>Reads the partition from its beginning until <paramref name="count"/> records arrived or the time is up.</summary>
    public static List<ConsumeResult<Ignore, string>> ReadFromBeginning(string bootstrap, TopicPartition partition, int count, TimeSpan within)
    {
        using var consumer = Consumer(bootstrap);
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var read = new List<ConsumeResult<Ignore, string>>();
        var clock = Stopwatch.StartNew();
        for (int polls = 0; polls < 100_000 && read.Count < count && clock.Elapsed < within; polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                read.Add(result);
            }
        }
        consumer.Close();
        return read;
    }

    public static async Task ProduceAsync(IProducer<Null, string> producer, TopicPartition partition, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            await producer.ProduceAsync(partition, new Message<Null, string> { Value = value });
        }
    }
}
