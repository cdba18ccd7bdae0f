using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Fuzz;

/// <summary>
/// Creates the topics the run fuzzes and fills them through a real client: plain, compressed,
/// idempotent, and one committed and one aborted transaction.
/// </summary>
internal static class Seeder
{
    public const string Plain = "fz-plain";
    public const string Compacted = "fz-compacted";
    public const string Compressed = "fz-compressed";
    public const string SmallSegments = "fz-small-segments";
    public static readonly string[] ScratchNames = ["fz-scratch-0", "fz-scratch-1", "fz-scratch-2"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task CreateTopicsAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var specs = new List<TopicSpecification>
        {
            new() { Name = Plain, NumPartitions = 4, ReplicationFactor = 1 },
            new()
            {
                Name = Compacted, NumPartitions = 2, ReplicationFactor = 1,
                Configs = new() { ["cleanup.policy"] = "compact", ["segment.bytes"] = "1048576", ["segment.ms"] = "5000" },
            },
            new() { Name = Compressed, NumPartitions = 2, ReplicationFactor = 1, Configs = new() { ["compression.type"] = "lz4" } },
            new()
            {
                Name = SmallSegments, NumPartitions = 2, ReplicationFactor = 1,
                Configs = new() { ["cleanup.policy"] = "delete", ["segment.bytes"] = "1048576", ["segment.ms"] = "5000" },
            },
        };
        specs.AddRange(ScratchNames.Select(n => new TopicSpecification { Name = n, NumPartitions = 2, ReplicationFactor = 1 }));
        try
        {
            await admin.CreateTopicsAsync(specs, new CreateTopicsOptions { RequestTimeout = Timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // An external broker that already has them from an earlier run.
        }
    }

    /// <summary>Produces the seed records; returns the acknowledged end offset of every partition written.</summary>
    public static Dictionary<TopicPartition, long> Seed(string bootstrap, int seed)
    {
        var acked = new Dictionary<TopicPartition, long>();
        string[] topics = [Plain, Compacted, Compressed, SmallSegments, .. ScratchNames];
        ProduceAll(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All }, topics, 40, "plain", acked);
        foreach (var codec in new[] { CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd })
        {
            ProduceAll(new ProducerConfig { BootstrapServers = bootstrap, CompressionType = codec, LingerMs = 5, Acks = Acks.All },
                topics, 25, codec.ToString(), acked);
        }
        ProduceAll(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }, topics, 25, "idempotent", acked);
        Transaction(bootstrap, $"fz-txn-commit-{seed}", commit: true, topics, acked);
        Transaction(bootstrap, $"fz-txn-abort-{seed}", commit: false, topics, acked);
        return acked;
    }

    private static void ProduceAll(ProducerConfig config, string[] topics, int perTopic, string label, Dictionary<TopicPartition, long> acked)
    {
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var tasks = new List<Task<DeliveryResult<string, string>>>();
        foreach (string topic in topics)
        {
            for (int i = 0; i < perTopic; i++)
            {
                // Few distinct keys, so the compacted topic has something to compact.
                var message = new Message<string, string> { Key = $"key-{i % 7}", Value = $"{label}-{topic}-{i}-" + new string('v', i * 13 % 200) };
                tasks.Add(producer.ProduceAsync(topic, message));
            }
        }
        producer.Flush(Timeout);
        Record(tasks, acked);
    }

    private static void Transaction(string bootstrap, string transactionalId, bool commit, string[] topics, Dictionary<TopicPartition, long> acked)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, TransactionalId = transactionalId, CompressionType = CompressionType.Zstd };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        producer.InitTransactions(Timeout);
        producer.BeginTransaction();
        var tasks = new List<Task<DeliveryResult<string, string>>>();
        foreach (string topic in topics)
        {
            for (int i = 0; i < 10; i++)
            {
                tasks.Add(producer.ProduceAsync(topic, new Message<string, string> { Key = $"txn-{i % 3}", Value = $"{transactionalId}-{i}" }));
            }
        }
        producer.Flush(Timeout);
        Record(tasks, acked);
        if (commit)
        {
            producer.CommitTransaction(Timeout);
        }
        else
        {
            producer.AbortTransaction(Timeout);
        }
    }

    private static void Record(List<Task<DeliveryResult<string, string>>> tasks, Dictionary<TopicPartition, long> acked)
    {
        foreach (var task in tasks)
        {
            var result = task.GetAwaiter().GetResult();
            long end = result.Offset.Value + 1;
            if (!acked.TryGetValue(result.TopicPartition, out long known) || known < end)
            {
                acked[result.TopicPartition] = end;
            }
        }
    }
}
