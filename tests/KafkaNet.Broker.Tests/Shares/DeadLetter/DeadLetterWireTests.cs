using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Broker.Tests.Shares.Fetch;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Shares.Fetch.ShareWireText;

namespace KafkaNet.Broker.Tests.Shares.DeadLetter;

/// <summary>Dead-letter records written by the broker as share consumers reject or give up on records, read back with a real consumer.</summary>
public sealed class DeadLetterWireTests : IAsyncLifetime
{
    private const string Topic = "orders";
    private const string DeadLetterTopic = "dlq.orders";
    private const string Group = "workers";
    private static readonly sbyte[] Reject = [3];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly TestShareGroupView _view = new TestShareGroupView().Join(Group, "m1");
    private readonly List<IDisposable> _disposables = [];
    private EmbeddedKafka? _kafka;

    private EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    private Guid TopicId => Kafka.Broker.Topics.Find(Topic)!.TopicId;

    public async Task InitializeAsync()
    {
        _view.Config = new SharePartitionConfig { DeliveryCountLimit = 3, DeadLetterTopic = DeadLetterTopic, DeadLetterCopyRecord = true };
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ShareGroups.Enabled = true });
        _kafka.CreateTopic(new TopicSpec(Topic, 2, 1, []));
        _kafka.Broker.ShareGroupView = _view;
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        if (_kafka is not null) await _kafka.DisposeAsync();
    }

    private void CreateDeadLetterTopic(string name = DeadLetterTopic, int partitions = 1, string enable = "true") =>
        Kafka.CreateTopic(new TopicSpec(name, partitions, 1, [new(DeadLetterConfigs.GroupEnable, enable)]));

    private async Task<ShareWireClient> MemberAsync()
    {
        var client = await ShareWireClient.ConnectAsync(Kafka.Port, Group, "m1");
        _disposables.Add(client);
        return client;
    }

    private async Task ProduceAsync(int partition, int count)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, LingerMs = 0 }).Build();
        for (int i = 0; i < count; i++)
        {
            var message = new Message<string, string>
            {
                Key = $"k{i}", Value = $"p{partition}-v{i}", Timestamp = new Timestamp(1_700_000_000_000 + i, TimestampType.CreateTime),
                Headers = [new Header("trace", Encoding.UTF8.GetBytes($"t{i}"))],
            };
            await producer.ProduceAsync(new TopicPartition(Topic, partition), message);
        }
    }

    /// <summary>Every record of the dead-letter partition, once it holds <paramref name="count"/> (or the patience runs out).</summary>
    private List<ConsumeResult<string?, string?>> ReadDeadLetters(int count, int partition = 0, string topic = DeadLetterTopic)
    {
        using var consumer = new ConsumerBuilder<string?, string?>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers, GroupId = "reader", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, partition, Offset.Beginning));
        var records = new List<ConsumeResult<string?, string?>>();
        var deadline = DateTime.UtcNow + Patience;
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result) records.Add(result);
        }
        // Anything past the expected count would be a duplicate: give it a moment to show.
        if (consumer.Consume(TimeSpan.FromMilliseconds(300)) is { IsPartitionEOF: false } extra) records.Add(extra);
        return records;
    }

    private static Dictionary<string, string> ContextOf(ConsumeResult<string?, string?> record) =>
        record.Message.Headers.Where(h => h.Key.StartsWith("__dlq.", StringComparison.Ordinal))
            .ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));

    private async Task WaitForStartAsync(int partition, long start)
    {
        var key = new SharePartitionKey(Group, TopicId, partition);
        var deadline = DateTime.UtcNow + Patience;
        while ((await Kafka.Broker.ShareState.ReadAsync(key, -1, CancellationToken.None)).State!.StartOffset < start && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(start, (await Kafka.Broker.ShareState.ReadAsync(key, -1, CancellationToken.None)).State!.StartOffset);
    }

    [Fact]
    public async Task A_rejected_record_is_copied_with_its_key_value_headers_timestamp_and_the_context()
    {
        CreateDeadLetterTopic();
        await ProduceAsync(1, 3);
        var member = await MemberAsync();
        Assert.Equal("p1 batches:0-0 1-1 2-2 acquired:0-2#1", Of(await member.FetchAsync(TopicId, [1])));
        Assert.Equal("p1 NONE", Of(await member.AcknowledgeAsync(TopicId, 1, (0, 2, [1, 3, 1]))));

        var record = Assert.Single(ReadDeadLetters(1));
        Assert.Equal(("k1", "p1-v1", 1_700_000_000_001L), (record.Message.Key, record.Message.Value, record.Message.Timestamp.UnixTimestampMs));
        Assert.Equal("t1", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("trace")));
        Assert.Equal(new Dictionary<string, string>
        {
            ["__dlq.errors.topic"] = Topic, ["__dlq.errors.partition"] = "1", ["__dlq.errors.offset"] = "1", ["__dlq.errors.group"] = Group,
            ["__dlq.errors.delivery.count"] = "1", ["__dlq.errors.message"] = "Offset rejected by client.",
        }, ContextOf(record));
        await WaitForStartAsync(1, 3);
    }

    [Fact]
    public async Task Released_records_reach_the_topic_after_exactly_the_delivery_limit_and_once_each()
    {
        CreateDeadLetterTopic();
        await ProduceAsync(0, 2);
        var member = await MemberAsync();
        for (int delivery = 1; delivery <= 3; delivery++)
        {
            Assert.Equal($"p0 batches:0-0 1-1 acquired:0-1#{delivery}", Of(await member.FetchAsync(TopicId, [0])));
            Assert.Empty(ReadDeadLettersNow());
            Assert.Equal("p0 NONE", Of(await member.AcknowledgeAsync(TopicId, 0, (0, 1, [2, 2]))));
        }

        var records = ReadDeadLetters(2);
        Assert.Equal(["0", "1"], records.Select(r => ContextOf(r)["__dlq.errors.offset"]));
        Assert.All(records, r => Assert.Equal("3", ContextOf(r)["__dlq.errors.delivery.count"]));
        Assert.All(records, r => Assert.Equal("Offset delivery count exceeded the threshold.", ContextOf(r)["__dlq.errors.message"]));
        await WaitForStartAsync(0, 2);
        Assert.Equal("", Of(await member.FetchAsync(TopicId, [0], maxWaitMs: 100)));
    }

    private List<ConsumeResult<string?, string?>> ReadDeadLettersNow() =>
        Kafka.Broker.Topics.Find(DeadLetterTopic) is null ? [] : ReadDeadLetters(0);

    [Fact]
    public async Task Without_copying_the_record_is_the_context_alone_and_partitions_wrap_onto_the_dead_letter_topic()
    {
        _view.Config = _view.Config with { DeadLetterCopyRecord = false };
        CreateDeadLetterTopic(partitions: 1);
        await ProduceAsync(1, 1);
        var member = await MemberAsync();
        await member.FetchAsync(TopicId, [1]);
        Assert.Equal("p1 NONE", Of(await member.AcknowledgeAsync(TopicId, 1, (0, 0, Reject))));

        var record = Assert.Single(ReadDeadLetters(1, partition: 0));
        Assert.Null(record.Message.Key);
        Assert.Null(record.Message.Value);
        Assert.Equal(6, record.Message.Headers.Count);
        Assert.Equal("1", ContextOf(record)["__dlq.errors.partition"]);
    }

    [Fact]
    public async Task A_topic_that_does_not_permit_it_gets_nothing_and_the_records_are_archived_all_the_same()
    {
        CreateDeadLetterTopic(enable: "false");
        await ProduceAsync(0, 2);
        var member = await MemberAsync();
        await member.FetchAsync(TopicId, [0]);
        Assert.Equal("p0 NONE", Of(await member.AcknowledgeAsync(TopicId, 0, (0, 1, Reject))));

        await WaitForStartAsync(0, 2);
        Assert.Empty(ReadDeadLetters(0));
    }

    [Fact]
    public async Task A_missing_topic_is_created_when_the_broker_allows_it()
    {
        Kafka.Broker.Options.ShareGroups.DeadLetterAutoCreateTopics = true;
        await ProduceAsync(0, 1);
        var member = await MemberAsync();
        await member.FetchAsync(TopicId, [0]);
        Assert.Equal("p0 NONE", Of(await member.AcknowledgeAsync(TopicId, 0, (0, 0, Reject))));

        await WaitForStartAsync(0, 1);
        Assert.Equal("true", Kafka.Broker.Topics.Find(DeadLetterTopic)!.Configs[DeadLetterConfigs.GroupEnable]);
        Assert.Equal("0", ContextOf(Assert.Single(ReadDeadLetters(1)))["__dlq.errors.offset"]);
    }

    [Fact]
    public async Task A_write_in_doubt_adds_only_the_records_the_topic_does_not_hold()
    {
        CreateDeadLetterTopic();
        await ProduceAsync(0, 4);
        var key = new SharePartitionKey(Group, TopicId, 0);
        var writer = Kafka.Broker.DeadLetters!;

        Assert.Equal(DeadLetterOutcome.Written, await writer.WriteAsync(key, _view.Config, [new ArchivedRecords(0, 1, 1, ArchiveReason.RejectedByClient)],
            mayBeWritten: false, CancellationToken.None));
        Assert.Equal(DeadLetterOutcome.Written, await writer.WriteAsync(key, _view.Config,
            [new ArchivedRecords(0, 0, 1, ArchiveReason.RejectedByClient), new ArchivedRecords(1, 3, 3, ArchiveReason.DeliveryLimitReached)],
            mayBeWritten: true, CancellationToken.None));

        Assert.Equal(["0", "1", "2", "3"], ReadDeadLetters(4).Select(r => ContextOf(r)["__dlq.errors.offset"]));
    }
}
