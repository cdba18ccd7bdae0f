using Confluent.Kafka;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Shares.Fetch.ShareWireText;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>ShareFetch and ShareAcknowledge over real sockets against a broker with share groups enabled.</summary>
public sealed class ShareFetchWireTests : IAsyncLifetime
{
    private const string Topic = "queue";
    private const string Group = "workers";
    private static readonly sbyte[] Accept = [1];
    private static readonly sbyte[] Release = [2];

    private readonly TestShareGroupView _view = new TestShareGroupView().Join(Group, "m1", "m2", "m3");
    private readonly List<ShareWireClient> _clients = [];
    private EmbeddedKafka? _kafka;

    private EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    private Guid TopicId => Kafka.Broker.Topics.Find(Topic)!.TopicId;

    private SharePartitionKey Key => new(Group, TopicId, 0);

    public async Task InitializeAsync()
    {
        _view.Config = new SharePartitionConfig { RecordLockDurationMs = 1000, DeliveryCountLimit = 2 };
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Configure = o =>
            {
                o.ShareGroups.Enabled = true;
                o.ShareGroups.MaxShareSessions = 3;
            },
        });
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
        _kafka.Broker.ShareGroupView = _view;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (_kafka is not null) await _kafka.DisposeAsync();
    }

    private async Task<ShareWireClient> MemberAsync(string memberId, string groupId = Group)
    {
        var client = await ShareWireClient.ConnectAsync(Kafka.Port, groupId, memberId);
        _clients.Add(client);
        return client;
    }

    /// <summary>Produces each value in a batch of its own.</summary>
    private async Task ProduceAsync(int count)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, LingerMs = 0 }).Build();
        for (int i = 0; i < count; i++)
        {
            await producer.ProduceAsync(Topic, new Message<Null, string> { Value = $"v{i}" });
        }
    }

    private Task<string> PersistedAsync() => ShareFetchText.PersistedAsync(Kafka.Broker.ShareState, Key);

    [Fact]
    public async Task Two_members_sharing_a_partition_get_disjoint_whole_batches()
    {
        await ProduceAsync(4);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");

        var first = await m1.FetchAsync(TopicId, [0], maxRecords: 2);
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#1", Of(first));
        Assert.Equal(1000, first.AcquisitionLockTimeoutMs);
        Assert.Equal("p0 batches:2-2 3-3 acquired:2-3#1", Of(await m2.FetchAsync(TopicId, [0])));
        Assert.Equal("p0", Of(await m1.FetchAsync(TopicId, [0], tweak: r => r.ShareSessionEpoch = 0)));
        Assert.Equal("start 0: 0-3 q1", await PersistedAsync());
    }

    [Fact]
    public async Task Accept_release_and_reject_per_offset_and_a_released_record_goes_out_again()
    {
        await ProduceAsync(4);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        await m1.FetchAsync(TopicId, [0]);

        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 3, [1, 2, 3, 1]))));
        Assert.Equal("start 1: 1-1 a1 2-2 x1 3-3 k1", await PersistedAsync());
        Assert.Equal("p0 batches:1-1 acquired:1-1#2", Of(await m2.FetchAsync(TopicId, [0])));
    }

    [Fact]
    public async Task Records_whose_lock_runs_out_are_delivered_again_and_the_delivery_limit_archives_them()
    {
        await ProduceAsync(2);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#1", Of(await m1.FetchAsync(TopicId, [0])));

        // Nothing is available until the 1 s lock runs out; the long poll waits for it.
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#2", Of(await m2.FetchAsync(TopicId, [0], maxWaitMs: 5000)));
        Assert.Equal("p0 INVALID_RECORD_STATE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));
        Assert.Equal("p0 NONE", Of(await m2.AcknowledgeAsync(TopicId, 0, (0, 1, Release))));
        Assert.Equal("start 2:", await PersistedAsync());
        // A later fetch of the session answers only partitions with records or errors.
        Assert.Equal("", Of(await m2.FetchAsync(TopicId, [0], maxWaitMs: 100)));
    }

    [Fact]
    public async Task Piggybacked_acknowledgements_are_applied_before_the_fetch()
    {
        await ProduceAsync(4);
        using var m1 = await MemberAsync("m1");
        await m1.FetchAsync(TopicId, [0], maxRecords: 2);

        var next = await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 1, Accept)] });
        Assert.Equal("p0 batches:2-2 3-3 acquired:2-3#1", Of(next));
        Assert.Equal("start 2: 2-3 q1", await PersistedAsync());
        Assert.Equal("p0 ack:INVALID_RECORD_STATE", Of(await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 0, Accept)] })));
    }

    [Fact]
    public async Task Acknowledgements_with_a_stale_session_epoch_are_refused_and_change_nothing()
    {
        await ProduceAsync(2);
        using var m1 = await MemberAsync("m1");
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#1", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("", Of(await m1.FetchAsync(TopicId, [])));
        string before = await PersistedAsync();

        m1.Epoch = 1;
        Assert.Equal("INVALID_SHARE_SESSION_EPOCH", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 1, [3, 3]))));
        Assert.Equal("INVALID_SHARE_SESSION_EPOCH", Of(await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 1, Accept)] })));

        Assert.Equal("start 0: 0-1 q1", before);
        Assert.Equal(before, await PersistedAsync());
        m1.Epoch = 2;
        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 1, [1, 1]))));
        Assert.Equal("start 2:", await PersistedAsync());
    }

    [Fact]
    public async Task Session_epochs_are_checked_and_sessions_are_limited()
    {
        using var m1 = await MemberAsync("m1");
        Assert.Equal("INVALID_SHARE_SESSION_EPOCH", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));
        m1.Epoch = 1;
        Assert.Equal("SHARE_SESSION_NOT_FOUND", Of(await m1.FetchAsync(TopicId, [0])));
        m1.Epoch = 0;
        Assert.Equal("INVALID_REQUEST", Of(await m1.FetchAsync(TopicId, [0], acks: new() { [0] = [(0, 0, Accept)] })));
        Assert.Equal("p0", Of(await m1.FetchAsync(TopicId, [0])));
        m1.Epoch = 5;
        Assert.Equal("INVALID_SHARE_SESSION_EPOCH", Of(await m1.FetchAsync(TopicId, [0])));
        m1.Epoch = 1;
        Assert.Equal("", Of(await m1.FetchAsync(TopicId, [])));
        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0)));
        Assert.Equal(3, m1.Epoch);

        _view.Join("other", "a", "b", "c");
        var a = await MemberAsync("a", "other");
        var b = await MemberAsync("b", "other");
        var c = await MemberAsync("c", "other");
        Assert.Equal("p0", Of(await a.FetchAsync(TopicId, [0])));
        Assert.Equal("p0", Of(await b.FetchAsync(TopicId, [0])));
        Assert.Equal("SHARE_SESSION_LIMIT_REACHED", Of(await c.FetchAsync(TopicId, [0])));

        // Closing a connection ends its sessions, which makes room.
        a.Dispose();
        var opened = "";
        for (int i = 0; i < 100 && opened != "p0"; i++)
        {
            await Task.Delay(20);
            opened = Of(await c.FetchAsync(TopicId, [0]));
        }
        Assert.Equal("p0", opened);
    }

    [Fact]
    public async Task Closing_the_session_acknowledges_then_releases_what_the_member_still_holds()
    {
        await ProduceAsync(3);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        await m1.FetchAsync(TopicId, [0]);

        m1.Epoch = -1;
        Assert.Equal("p0", Of(await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 0, Accept)] })));
        Assert.Equal("start 1: 1-2 a1", await PersistedAsync());
        m1.Epoch = 1;
        Assert.Equal("SHARE_SESSION_NOT_FOUND", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("p0 batches:1-1 2-2 acquired:1-2#2", Of(await m2.FetchAsync(TopicId, [0])));
        m2.Epoch = -1;
        Assert.Equal("p0 NONE", Of(await m2.AcknowledgeAsync(TopicId, 0, (1, 1, Accept))));
        // 2 was on its last delivery: released by the close, it is archived.
        Assert.Equal("start 3:", await PersistedAsync());
    }

    [Fact]
    public async Task A_closed_connection_releases_its_members_records()
    {
        // Locks outlast the test: only the release can hand the records out again.
        _view.Config = _view.Config with { RecordLockDurationMs = 60_000 };
        await ProduceAsync(2);
        var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        await m1.FetchAsync(TopicId, [0]);
        m1.Dispose();

        var fetched = await m2.FetchAsync(TopicId, [0], maxWaitMs: 5000);
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#2", Of(fetched));
    }

    [Fact]
    public async Task A_member_leaving_the_group_releases_its_records()
    {
        _view.Config = _view.Config with { RecordLockDurationMs = 60_000 };
        await ProduceAsync(1);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        await m1.FetchAsync(TopicId, [0]);
        _view.Leave(Group, "m1");

        Assert.Equal("UNKNOWN_MEMBER_ID", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("p0 batches:0-0 acquired:0-0#2", Of(await m2.FetchAsync(TopicId, [0], maxWaitMs: 5000)));
    }

    [Fact]
    public async Task Bad_input_is_answered_with_Kafkas_errors()
    {
        await ProduceAsync(2);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        using var stranger = await MemberAsync("stranger");
        using var noGroup = await MemberAsync("m1", "");
        Assert.Equal("UNKNOWN_MEMBER_ID", Of(await stranger.FetchAsync(TopicId, [0])));
        Assert.Equal("INVALID_REQUEST", Of(await noGroup.FetchAsync(TopicId, [0])));

        var unknown = Guid.NewGuid();
        Assert.Equal("p0 UNKNOWN_TOPIC_ID", Of(await m1.FetchAsync(unknown, [0])));
        // Each fetch opens a new session, so the partitions before are not fetched again.
        m1.Epoch = 0;
        Assert.Equal("p7 UNKNOWN_TOPIC_OR_PARTITION", Of(await m1.FetchAsync(TopicId, [7])));
        m1.Epoch = 0;
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#1", Of(await m1.FetchAsync(TopicId, [0])));

        Assert.Equal("p0 INVALID_REQUEST", Of(await m1.AcknowledgeAsync(TopicId, 0, (1, 0, Accept))));
        Assert.Equal("p0 INVALID_REQUEST", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 1, [1, 1, 1]))));
        Assert.Equal("p0 INVALID_REQUEST", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 1, [4]))));
        Assert.Equal("p0 INVALID_REQUEST", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 5, Accept))));
        await m2.FetchAsync(TopicId, [0]);
        Assert.Equal("p0 INVALID_RECORD_STATE", Of(await m2.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));
        Assert.Equal("p0 NONE", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 1, [1, 3]))));
        Assert.Equal("start 2:", await PersistedAsync());
    }

    [Fact]
    public async Task Version_2_renews_locks_and_the_renew_fetch_fetches_nothing()
    {
        await ProduceAsync(1);
        using var m1 = await MemberAsync("m1");
        using var m2 = await MemberAsync("m2");
        m1.Version = 2;
        Assert.Equal("p0 batches:0-0 acquired:0-0#1", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("INVALID_REQUEST", Of(await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 0, [4])] }, tweak: r => r.IsRenewAck = true)));

        var renewed = await m1.FetchAsync(TopicId, [], maxRecords: 0, acks: new() { [0] = [(0, 0, [4])] }, tweak: r =>
        {
            r.IsRenewAck = true;
            (r.MaxWaitMs, r.MinBytes, r.MaxBytes) = (0, 0, 0);
        });
        Assert.Equal("p0", Of(renewed));
        var acknowledged = await m1.AcknowledgeAsync(TopicId, 0, (0, 0, [4]));
        Assert.Equal("p0 NONE", Of(acknowledged));
        Assert.Equal(1000, acknowledged.AcquisitionLockTimeoutMs);
        Assert.Equal("start 0: 0-0 q1", await PersistedAsync());
        Assert.Equal("p0", Of(await m2.FetchAsync(TopicId, [0], maxWaitMs: 200)));
    }

    [Fact]
    public async Task Version_0_fetches_partitions_with_max_bytes_and_only_acknowledges_those_without()
    {
        await ProduceAsync(2);
        using var m1 = await MemberAsync("m1");
        m1.Version = 0;
        Assert.Equal("p0 batches:0-0 1-1 acquired:0-1#1", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal(0, (await m1.FetchAsync(TopicId, [0])).AcquisitionLockTimeoutMs);

        var acknowledged = await m1.FetchAsync(TopicId, [], acks: new() { [0] = [(0, 1, Accept)] },
            tweak: r => r.Topics[0].Partitions[0].PartitionMaxBytes = 0);
        Assert.Equal("p0", Of(acknowledged));
        Assert.Equal("start 2:", await PersistedAsync());
    }

    [Fact]
    public async Task Read_on_the_group_and_on_each_topic_is_required()
    {
        await ProduceAsync(1);
        using var m1 = await MemberAsync("m1");
        Kafka.Broker.Authorizer = new Refusing(AclResourceType.Group, Group);
        Assert.Equal("GROUP_AUTHORIZATION_FAILED", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("GROUP_AUTHORIZATION_FAILED", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));

        Kafka.Broker.Authorizer = new Refusing(AclResourceType.Topic, Topic);
        Assert.Equal("p0 TOPIC_AUTHORIZATION_FAILED", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("p0 TOPIC_AUTHORIZATION_FAILED", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));
    }

    [Fact]
    public async Task Without_a_group_view_nobody_is_a_member_and_the_apis_are_advertised()
    {
        Kafka.Broker.ShareGroupView = null;
        using var m1 = await MemberAsync("m1");
        Assert.Equal("UNKNOWN_MEMBER_ID", Of(await m1.FetchAsync(TopicId, [0])));
        Assert.Equal("UNKNOWN_MEMBER_ID", Of(await m1.AcknowledgeAsync(TopicId, 0, (0, 0, Accept))));

        var versions = await Admin.WireExchange.SendAsync<ApiVersionsResponse>(Kafka.Port, ApiVersionsRequest.ApiKey, 0, new ApiVersionsRequest(), flexible: false);
        Assert.Equal("78:0-2 79:0-2", string.Join(' ', versions.ApiKeys.Where(k => k.ApiKey is 78 or 79).Select(k => $"{k.ApiKey}:{k.MinVersion}-{k.MaxVersion}")));
    }

    /// <summary>Allows everything but any operation on one resource.</summary>
    private sealed class Refusing(AclResourceType type, string name) : IAuthorizer
    {
        public bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName) =>
            resourceType != type || resourceName != name;

        public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType) => true;
    }
}
