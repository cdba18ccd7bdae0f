using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Embedded;

/// <summary>Tests against an embedded broker with one single-partition topic whose log they look at.</summary>
public abstract class OneTopicBrokerTest : IAsyncLifetime
{
    private EmbeddedKafka? _kafka;

    protected OneTopicBrokerTest(string topic) => Topic = topic;

    protected string Topic { get; }

    protected EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    /// <summary>The offset the next record of partition 0 gets: how many records the log holds.</summary>
    protected long LogEndOffset => Kafka.Broker.Replicas!.Find(Topic, 0)!.LogEndOffset;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
    }

    public async Task DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }
    }
}
