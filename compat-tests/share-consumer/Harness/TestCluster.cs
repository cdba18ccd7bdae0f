using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>The broker under test as the scenarios use it: topics and group configs through Confluent.Kafka's
/// admin client, records through its producer, and share consumers through librdkafka's C API.</summary>
internal sealed class TestCluster : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly IAdminClient _admin;
    private readonly IProducer<Null, string> _producer;
    private readonly string _bootstrap;
    private readonly MockCluster? _mock;

    /// <summary>The broker at <paramref name="bootstrap"/>, or librdkafka's mock cluster <paramref name="mock"/>.</summary>
    public TestCluster(string bootstrap, MockCluster? mock = null)
    {
        _bootstrap = bootstrap;
        _mock = mock;
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 0,
            MessageTimeoutMs = (int)RequestTimeout.TotalMilliseconds,
        }).Build();
    }

    /// <summary>A new topic named after <paramref name="prefix"/> and a random suffix. Share consumers do not create topics.</summary>
    public async Task<string> CreateTopicAsync(string prefix, int partitions)
    {
        string name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        if (_mock is not null)
        {
            _mock.CreateTopic(name, partitions);
            return name;
        }
        await _admin.CreateTopicsAsync(
            [new TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1 }],
            new CreateTopicsOptions { RequestTimeout = RequestTimeout, OperationTimeout = RequestTimeout });
        return name;
    }

    /// <summary>Sets the group config share.auto.offset.reset=earliest (config resource type GROUP); null on success, else why not.</summary>
    public Task<string?> SetShareAutoOffsetResetEarliestAsync(string group) =>
        // Set for every group of the mock cluster when it started.
        _mock is not null ? Task.FromResult<string?>(null) : SetGroupConfigsAsync(group, new Dictionary<string, string> { ["share.auto.offset.reset"] = "earliest" });

    /// <summary>Sets group configs with IncrementalAlterConfigs on the GROUP resource; null on success, else why not.</summary>
    public async Task<string?> SetGroupConfigsAsync(string group, IReadOnlyDictionary<string, string> configs)
    {
        try
        {
            await _admin.IncrementalAlterConfigsAsync(
                new Dictionary<ConfigResource, List<ConfigEntry>>
                {
                    [new ConfigResource { Type = ResourceType.Group, Name = group }] =
                        configs.Select(c => new ConfigEntry { Name = c.Key, Value = c.Value, IncrementalOperation = AlterConfigOpType.Set }).ToList(),
                },
                new IncrementalAlterConfigsOptions { RequestTimeout = RequestTimeout });
            return null;
        }
        catch (KafkaException e)
        {
            return e is IncrementalAlterConfigsException alter ? string.Join("; ", alter.Results.Select(r => r.Error.Reason)) : e.Message;
        }
    }

    /// <summary>Produces "prefix-0".."prefix-(count-1)" to one partition, one request each so every record is a batch of its own.</summary>
    public async Task<IReadOnlyList<string>> ProduceAsync(string topic, int partition, string prefix, int count)
    {
        var values = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        foreach (string value in values)
        {
            await _producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = value });
        }
        return values;
    }

    public string Bootstrap => _bootstrap;

    /// <summary>A share consumer of <paramref name="group"/>; <paramref name="mode"/> is "explicit" or "implicit".</summary>
    public ShareConsumer NewConsumer(string name, string group, string mode, int? maxPollRecords = null) =>
        ShareConsumerSettings.NewConsumer(_bootstrap, name, group, mode, maxPollRecords);

    public void Dispose()
    {
        _producer.Dispose();
        _admin.Dispose();
    }
}
