using Confluent.Kafka;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Shares.Fetch.ShareWireText;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>Key-ordered share delivery over real sockets: the keys come from the batches the share fetch reads.</summary>
public sealed class KeyOrderedShareFetchTests : IAsyncLifetime
{
    private const string Topic = "orders";
    private const string Group = "workers";
    private static readonly sbyte[] Accept = [1];
    private static readonly sbyte[] Release = [2];

    private readonly TestShareGroupView _view = new TestShareGroupView().Join(Group, "m1", "m2");
    private readonly List<ShareWireClient> _clients = [];
    private EmbeddedKafka? _kafka;

    private EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    private Guid TopicId => Kafka.Broker.Topics.Find(Topic)!.TopicId;

    public async Task InitializeAsync()
    {
        _view.Config = new SharePartitionConfig { KeyOrdered = true };
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ShareGroups.Enabled = true });
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
        _kafka.Broker.ShareGroupView = _view;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (_kafka is not null) await _kafka.DisposeAsync();
    }

    private async Task<ShareWireClient> MemberAsync(string memberId)
    {
        var client = await ShareWireClient.ConnectAsync(Kafka.Port, Group, memberId);
        _clients.Add(client);
        return client;
    }

    /// <summary>Produces each key in a batch of its own, or all of them in one compressed batch.</summary>
    private async Task ProduceAsync(string[] keys, bool oneBatch = false)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            // A long linger keeps the three records in one batch even on a loaded machine.
            LingerMs = oneBatch ? 1000 : 0,
            CompressionType = oneBatch ? CompressionType.Zstd : CompressionType.None,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        if (oneBatch)
        {
            await Task.WhenAll(keys.Select((key, i) => producer.ProduceAsync(Topic, new Message<string, string> { Key = key, Value = $"v{i}" })));
            return;
        }
        for (int i = 0; i < keys.Length; i++)
        {
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = keys[i], Value = $"v{i}" });
        }
    }

    [Fact]
    public async Task A_key_held_by_one_member_is_skipped_for_another_until_it_is_acknowledged()
    {
        await ProduceAsync(["A", "A", "B", "B"]);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");

        Assert.Equal("p0 batches:0-0 acquired:0-0#1", Of(await m1.FetchAsync(TopicId, [0], maxRecords: 1)));
        // Offset 1 shares m1's key: m2 gets the first record of key B instead.
        Assert.Equal("p0 batches:2-2 acquired:2-2#1", Of(await m2.FetchAsync(TopicId, [0], maxRecords: 1)));
        // Each key's next record waits for the one in flight (an incremental fetch leaves out partitions without records).
        Assert.Equal("", Of(await m2.FetchAsync(TopicId, [0])));
        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));
        Assert.Equal("p0 batches:1-1 acquired:1-1#1", Of(await m2.FetchAsync(TopicId, [0])));
    }

    [Fact]
    public async Task A_released_record_goes_out_again_before_the_later_records_of_its_key()
    {
        await ProduceAsync(["A", "B", "A"]);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");

        Assert.Equal("p0 batches:0-0 acquired:0-0#1", Of(await m1.FetchAsync(TopicId, [0], maxRecords: 1)));
        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Release))));
        // m2 takes everything it may: offset 0 again (delivery 2), B, and offset 2 goes with its predecessor.
        Assert.Equal("p0 batches:0-0 1-1 2-2 acquired:0-0#2 1-2#1", Of(await m2.FetchAsync(TopicId, [0])));
    }

    [Fact]
    public async Task Keys_are_read_from_inside_compressed_batches()
    {
        await ProduceAsync(["A", "A", "B"], oneBatch: true);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");

        // Version 2's record-limit mode acquires single records out of the one batch.
        m1.Version = m2.Version = 2;
        Assert.Equal("p0 batches:0-2 acquired:0-0#1", Of(await m1.FetchAsync(TopicId, [0], maxRecords: 1, tweak: r => r.ShareAcquireMode = 1)));
        Assert.Equal("p0 batches:0-2 acquired:2-2#1", Of(await m2.FetchAsync(TopicId, [0], maxRecords: 1, tweak: r => r.ShareAcquireMode = 1)));
    }
}
