using Confluent.Kafka;
using Confluent.Kafka.Admin;

// One Confluent.Kafka session for the fuzz seed corpus: admin requests, idempotent and plain
// producers with each codec, a transaction that also commits consumer offsets, and a subscribed consumer group
// that commits. Usage: dotnet ConfluentSession.dll HOST:PORT
string bootstrap = args.Length == 1 ? args[0] : throw new ArgumentException("usage: ConfluentSession HOST:PORT");
const string Topic = "confluent-corpus";
const string Group = "confluent-corpus-group";
var timeout = TimeSpan.FromSeconds(20);

using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, ClientId = "corpus-confluent" }).Build();
await Step("create topics", () => admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 3, ReplicationFactor = 1 }]));
await Step("describe configs", () => admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = Topic }]));
await Step("metadata", () => Task.FromResult(admin.GetMetadata(Topic, timeout)));

foreach (var (codec, idempotent) in new[] { (CompressionType.Zstd, true), (CompressionType.Gzip, false), (CompressionType.Snappy, true), (CompressionType.None, false) })
{
    await Step($"produce {codec}, idempotence {idempotent}", async () =>
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = idempotent,
            Acks = idempotent ? Acks.All : Acks.Leader,
            CompressionType = codec,
            LingerMs = 20,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (int i = 0; i < 10; i++)
        {
            var headers = new Headers { { "origin", "confluent"u8.ToArray() } };
            producer.Produce(Topic, new Message<string, string> { Key = $"k{i}", Value = $"{codec}-{i}", Headers = headers });
        }
        producer.Flush(timeout);
        await Task.CompletedTask;
    });
}

await Step("consumer group with commits", async () =>
{
    var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = Group, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false };
    using var consumer = new ConsumerBuilder<string, string>(config).Build();
    consumer.Subscribe(Topic);
    int seen = 0;
    var deadline = DateTime.UtcNow + timeout;
    while (seen < 40 && DateTime.UtcNow < deadline)
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
        {
            seen++;
            consumer.Commit(result);
        }
    }
    consumer.Committed(timeout);
    consumer.Close();
    await Task.CompletedTask;
});

await Step("transaction with offsets", async () =>
{
    var config = new ProducerConfig { BootstrapServers = bootstrap, TransactionalId = "confluent-corpus-tx", CompressionType = CompressionType.Lz4 };
    using var producer = new ProducerBuilder<string, string>(config).Build();
    producer.InitTransactions(timeout);
    producer.BeginTransaction();
    await producer.ProduceAsync(Topic, new Message<string, string> { Key = "tx", Value = "in-transaction" });
    var offsets = new[] { new TopicPartitionOffset(Topic, 0, 1) };
    using var metadataConsumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = Group }).Build();
    producer.SendOffsetsToTransaction(offsets, metadataConsumer.ConsumerGroupMetadata, timeout);
    producer.CommitTransaction(timeout);
});

await Step("list and describe groups", async () =>
{
    await admin.ListConsumerGroupsAsync();
    await admin.DescribeConsumerGroupsAsync([Group]);
    await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(Group, null)]);
});
await Step("list offsets", () => admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(Topic, 0), OffsetSpec = OffsetSpec.Latest() }]));
await Step("delete topics", () => admin.DeleteTopicsAsync([Topic]));
return 0;

static async Task Step(string name, Func<Task> action)
{
    try
    {
        await action();
        Console.WriteLine($"done: {name}");
    }
    catch (KafkaException e)
    {
        Console.WriteLine($"failed: {name}: {e.Message}");
    }
}
