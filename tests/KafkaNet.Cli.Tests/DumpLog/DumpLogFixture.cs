using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>
/// A broker's data directory with known records in it, written by real clients and then closed, so dump-log reads
/// files the broker really wrote. Every record carries a fixed CreateTime, so the dumps are exact.
/// </summary>
public sealed class DumpLogFixture : IAsyncLifetime
{
    /// <summary>The test collection sharing one fixture: the broker runs once for all dump-log tests.</summary>
    public const string Collection = "dump-log";

    public const long Time = 1_700_000_000_000;
    public const string Plain = "plain";
    public const string Compressed = "compressed";
    public const string Transactional = "transactional";
    public const string Indexed = "indexed";

    /// <summary>Values long enough that the producer's compression pays off (it sends small batches as they are).</summary>
    public static readonly string Repeated = new('x', 100);

    /// <summary>Larger than index.interval.bytes (4096), so each batch after the first gets index entries.</summary>
    public static readonly string Large = new('z', 5000);
    public const string Group = "dump-group";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kafkanet-dump-log-" + Guid.NewGuid().ToString("N"));

    public string PartitionDir(string topic, int partition = 0) => Path.Combine(DataDirectory, $"{topic}-{partition}");

    public string SegmentFile(string topic, string suffix) => Path.Combine(PartitionDir(topic), "00000000000000000000" + suffix);

    /// <summary>The __consumer_offsets partition holding the group's records: the one whose log is not empty.</summary>
    public string OffsetsSegment() =>
        Directory.GetDirectories(DataDirectory, "__consumer_offsets-*")
            .Select(d => Path.Combine(d, "00000000000000000000.log"))
            .Single(f => File.Exists(f) && new FileInfo(f).Length > 0);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            DataDirectory = DataDirectory,
            Configure = o => o.Groups.GroupInitialRebalanceDelayMs = 0,
        });
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync(
                new[] { Plain, Compressed, Transactional, Indexed }.Select(t => new TopicSpecification { Name = t, NumPartitions = 1, ReplicationFactor = 1 }));
        }

        ProducePlain(kafka.BootstrapServers);
        foreach (var codec in new[] { CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd })
        {
            Produce(kafka.BootstrapServers, Compressed, codec, [("a", Repeated), ("b", Repeated)], Time + 10);
        }

        for (int i = 0; i < 3; i++)
        {
            Produce(kafka.BootstrapServers, Indexed, CompressionType.None, [($"k{i}", Large)], Time + 30 + i);
        }

        ProduceTransactions(kafka.BootstrapServers);
        CommitGroupOffsets(kafka.BootstrapServers);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(DataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private static Message<string?, string?> Record(string? key, string? value, long time, Headers? headers = null) =>
        new() { Key = key, Value = value, Timestamp = new Timestamp(time, TimestampType.CreateTime), Headers = headers };

    // One batch of three records without keys, then one keyed record with two headers.
    private static void ProducePlain(string bootstrap)
    {
        using var producer = Producer(bootstrap, CompressionType.None);
        LearnTopic(producer, Plain);
        foreach (var (value, i) in new[] { "abc", "def", "ghi" }.Select((v, i) => (v, i)))
        {
            producer.Produce(Plain, Record(null, value, Time + i));
        }

        Flush(producer);
        var headers = new Headers { { "h1", Encoding.UTF8.GetBytes("one") }, { "h2", Encoding.UTF8.GetBytes("two") } };
        producer.Produce(Plain, Record("k", "hello", Time + 5, headers));
        Flush(producer);
    }

    private static void Produce(string bootstrap, string topic, CompressionType codec, (string Key, string Value)[] records, long time)
    {
        using var producer = Producer(bootstrap, codec);
        LearnTopic(producer, topic);
        foreach (var (key, value) in records)
        {
            producer.Produce(topic, Record(key, value, time));
        }

        Flush(producer);
    }

    // A committed transaction of two records, then an aborted one of one record.
    private static void ProduceTransactions(string bootstrap)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, TransactionalId = "dump-txn", LingerMs = 1000 };
        using var producer = new ProducerBuilder<string?, string?>(config).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        LearnTopic(producer, Transactional);
        producer.BeginTransaction();
        producer.Produce(Transactional, Record("t", "one", Time + 20));
        producer.Produce(Transactional, Record("t", "two", Time + 21));
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        producer.Produce(Transactional, Record("t", "gone", Time + 22));
        Flush(producer);
        producer.AbortTransaction(TimeSpan.FromSeconds(30));
    }

    // A consumer joins the group, reads the plain topic and commits where it stopped.
    private static void CommitGroupOffsets(string bootstrap)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = Group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string?, string?>(config).Build();
        consumer.Subscribe(Plain);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int read = 0;
        while (read < 4 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is not null)
            {
                read++;
            }
        }

        Assert.Equal(4, read);
        consumer.Commit();
        consumer.Close();
    }

    private static IProducer<string?, string?> Producer(string bootstrap, CompressionType codec) =>
        new ProducerBuilder<string?, string?>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            CompressionType = codec,
            EnableIdempotence = false,
            Acks = Acks.All,
            // Records wait for the flush, so each flush sends exactly one batch.
            LingerMs = 1000,
        }).Build();

    /// <summary>
    /// Has the producer learn the topic's leader before any record is queued: records produced while it is still
    /// unknown wait apart and may be sent in a batch of their own.
    /// </summary>
    private static void LearnTopic(IProducer<string?, string?> producer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
        Assert.Single(Assert.Single(metadata.Topics).Partitions);
    }

    private static void Flush(IProducer<string?, string?> producer)
    {
        int left = producer.Flush(TimeSpan.FromSeconds(30));
        Assert.Equal(0, left);
    }
}

/// <summary>Shares one <see cref="DumpLogFixture"/> between the dump-log test classes.</summary>
[CollectionDefinition(DumpLogFixture.Collection)]
public sealed class DumpLogCollection : ICollectionFixture<DumpLogFixture>;
