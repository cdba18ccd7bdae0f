using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.WebConsole.Tests;

/// <summary>Confluent.Kafka clients against the console's broker: what a real application would do beside the console.</summary>
internal static class Clients
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static IAdminClient Admin(ConsoleBroker broker) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.Kafka.BootstrapServers }).Build();

    public static async Task CreateTopicAsync(ConsoleBroker broker, string topic, int partitions = 1)
    {
        using var admin = Admin(broker);
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
        // The page opened next asks the broker, which learns of the topic from the controller a moment later.
        Assert.True(await TopicListedAsync(broker, topic, expected: true));
    }

    /// <summary>Produces the records to partition 0, each with its key, value and headers.</summary>
    public static async Task ProduceAsync(ConsoleBroker broker, string topic, params (string Key, string Value, (string Key, string Value)[] Headers)[] records)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.Kafka.BootstrapServers, Acks = Acks.All }).Build();
        foreach (var (key, value, headers) in records)
        {
            var message = new Message<string, string> { Key = key, Value = value, Headers = [] };
            foreach (var (name, text) in headers)
            {
                message.Headers.Add(name, Encoding.UTF8.GetBytes(text));
            }
            await producer.ProduceAsync(new TopicPartition(topic, 0), message);
        }
    }

    public static Task ProduceValuesAsync(ConsoleBroker broker, string topic, int count) =>
        ProduceAsync(broker, topic, Enumerable.Range(0, count).Select(i => ($"k{i}", $"value {i}", Array.Empty<(string, string)>())).ToArray());

    /// <summary>Commits an offset for a group without joining it, as an application managing its own offsets does; the group stays empty.</summary>
    public static void Commit(ConsoleBroker broker, string group, string topic, long offset)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = broker.Kafka.BootstrapServers, GroupId = group }).Build();
        consumer.Commit([new TopicPartitionOffset(topic, 0, offset)]);
    }

    /// <summary>A member of <paramref name="group"/> subscribed to <paramref name="topic"/>, returned once it has its assignment.</summary>
    public static IConsumer<string, string> JoinedConsumer(ConsoleBroker broker, string group, string topic)
    {
        var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.Kafka.BootstrapServers,
            GroupId = group,
            ClientId = "console-test",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + Timeout;
        while (consumer.Assignment.Count == 0 && DateTime.UtcNow < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(200));
        }
        Assert.NotEmpty(consumer.Assignment);
        return consumer;
    }

    public static async Task<long> CommittedAsync(ConsoleBroker broker, string group, string topic)
    {
        using var admin = Admin(broker);
        var result = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [new TopicPartition(topic, 0)])]);
        return result.Single().Partitions.Single().Offset.Value;
    }

    /// <summary>Whether Metadata lists the topic, asked until it matches <paramref name="expected"/> (bounded).</summary>
    public static async Task<bool> TopicListedAsync(ConsoleBroker broker, string topic, bool expected)
    {
        using var admin = Admin(broker);
        bool listed = !expected;
        for (int attempt = 0; attempt < 50 && listed != expected; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100);
            }
            listed = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Any(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
        }
        return listed;
    }
}
