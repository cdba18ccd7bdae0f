using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker;
using KafkaNet.Embedded;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>One embedded broker shared by the test classes of a collection; each test uses its own topics.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private EmbeddedKafka? _kafka;

    public EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    public string Bootstrap => Kafka.BootstrapServers;

    public async Task InitializeAsync() =>
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = FastGroups });

    public async Task DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }
    }

    /// <summary>
    /// Groups that form quickly: no initial rebalance delay, a small __consumer_offsets, and KIP-848
    /// members told to heartbeat every second and fenced after 10 s instead of 45 s.
    /// </summary>
    private static void FastGroups(BrokerOptions options)
    {
        options.Groups.GroupInitialRebalanceDelayMs = 0;
        options.Groups.OffsetsTopicNumPartitions = 3;
        options.Groups.OffsetsTopicReplicationFactor = 1;
        options.Groups.ConsumerGroupMinHeartbeatIntervalMs = 500;
        options.Groups.ConsumerGroupHeartbeatIntervalMs = 1000;
        options.Groups.ConsumerGroupMinSessionTimeoutMs = 6000;
        options.Groups.ConsumerGroupSessionTimeoutMs = 10000;
        options.Transactions.TransactionStateLogNumPartitions = 3;
    }

    public IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = Bootstrap,
        SocketTimeoutMs = 10000,
    }).Build();

    public async Task<string> CreateTopicAsync(string prefix, int partitions = 1, Dictionary<string, string>? configs = null)
    {
        string topic = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        using var admin = Admin();
        await admin.CreateTopicsAsync(
            [new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }],
            new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(15) });
        return topic;
    }

    public ProducerConfig ProducerConfig(Acks acks = Acks.All, CompressionType compression = CompressionType.None) => new()
    {
        BootstrapServers = Bootstrap,
        Acks = acks,
        CompressionType = compression,
        EnableIdempotence = false,
        LingerMs = 5,
        MessageTimeoutMs = 20000,
        SocketTimeoutMs = 10000,
    };

    /// <summary>A consumer for Assign only: librdkafka wants a group.id even when no group is joined.</summary>
    public IConsumer<string, string> Consumer() => new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = Bootstrap,
        GroupId = "kafkanet-compat-unused",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SocketTimeoutMs = 10000,
        FetchWaitMaxMs = 100,
    }).Build();

    /// <summary>Consumes until <paramref name="count"/> records arrived or <paramref name="within"/> (20 s by default) passed.</summary>
    public static List<ConsumeResult<string, string>> ConsumeMany(IConsumer<string, string> consumer, int count, TimeSpan? within = null)
    {
        var results = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result is { IsPartitionEOF: false })
            {
                results.Add(result);
            }
        }
        return results;
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "embedded broker";
}

/// <summary>
/// Brokers of their own for the committed-offset contract (careful members on one, careless on the other):
/// its minutes of membership churn are mostly waiting for rebalances, so they run beside the other classes
/// instead of after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChurnBrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "embedded broker for churn";
}

/// <inheritdoc cref="ChurnBrokerCollection"/>
[CollectionDefinition(Name)]
public sealed class SecondChurnBrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "second embedded broker for churn";
}
