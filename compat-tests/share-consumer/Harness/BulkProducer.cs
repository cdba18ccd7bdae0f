using Confluent.Kafka;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>Produces many numbered records quickly: large batches, one flush, every delivery report checked.</summary>
internal static class BulkProducer
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Records with values "0".."count-1". With <paramref name="key"/>, record i has key key(i) and the default
    /// partitioner places it; without, record i goes to partition i % <paramref name="partitions"/>.
    /// Throws unless every record was written.
    /// </summary>
    public static void ProduceNumbered(string bootstrap, string topic, int count, int partitions, Func<int, string>? key = null)
    {
        using IProducer<string?, string> producer = new ProducerBuilder<string?, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            BatchSize = 1_000_000,
            Acks = Acks.Leader,
            MessageTimeoutMs = (int)FlushTimeout.TotalMilliseconds,
        }).Build();
        int failed = 0;
        string? firstError = null;
        void Report(DeliveryReport<string?, string> report)
        {
            if (report.Error.IsError && Interlocked.Increment(ref failed) == 1)
            {
                firstError = report.Error.Reason;
            }
        }
        for (int i = 0; i < count; i++)
        {
            var message = new Message<string?, string> { Key = key?.Invoke(i), Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            TopicPartition target = key is null ? new TopicPartition(topic, i % partitions) : new TopicPartition(topic, Partition.Any);
            ProduceWithRoom(producer, target, message, Report);
        }
        int unsent = producer.Flush(FlushTimeout);
        if (unsent > 0 || failed > 0)
        {
            throw new InvalidOperationException($"producing {count} records to {topic}: {unsent} unsent, {failed} failed ({firstError})");
        }
    }

    /// <summary>Produce, waiting (boundedly) for room when the local queue is full.</summary>
    private static void ProduceWithRoom(IProducer<string?, string> producer, TopicPartition target, Message<string?, string> message, Action<DeliveryReport<string?, string>> report)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                producer.Produce(target, message, report);
                return;
            }
            catch (ProduceException<string?, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull && attempt < 600)
            {
                producer.Poll(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
