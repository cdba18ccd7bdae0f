using Confluent.Kafka;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>share.isolation.level with a real transactional producer: read_committed groups see committed records only.</summary>
public sealed class ReadCommittedShareFetchTests : IAsyncLifetime
{
    private const string Topic = "ledger";
    private readonly TestShareGroupView _view = new TestShareGroupView().Join("committed", "m1").Join("uncommitted", "m1");
    private readonly List<IDisposable> _disposables = [];
    private EmbeddedKafka? _kafka;

    private EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    private Guid TopicId => Kafka.Broker.Topics.Find(Topic)!.TopicId;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ShareGroups.Enabled = true });
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
        _kafka.Broker.ShareGroupView = new PerGroupView(_view, group => new SharePartitionConfig { ReadCommitted = group == "committed" });
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        if (_kafka is not null) await _kafka.DisposeAsync();
    }

    private IProducer<Null, string> TransactionalProducer(string id)
    {
        var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = Kafka.BootstrapServers, TransactionalId = id, LingerMs = 0,
        }).Build();
        _disposables.Add(producer);
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        return producer;
    }

    private static async Task TransactionAsync(IProducer<Null, string> producer, string prefix, int count, bool? commit)
    {
        producer.BeginTransaction();
        for (int i = 0; i < count; i++)
        {
            await producer.ProduceAsync(Topic, new Message<Null, string> { Value = $"{prefix}{i}" });
        }
        if (commit == true) producer.CommitTransaction(TimeSpan.FromSeconds(30));
        if (commit == false) producer.AbortTransaction(TimeSpan.FromSeconds(30));
    }

    private readonly Dictionary<string, ShareWireClient> _members = [];

    private async Task<string> AcquiredAsync(string group)
    {
        if (!_members.TryGetValue(group, out var member))
        {
            member = _members[group] = await ShareWireClient.ConnectAsync(Kafka.Port, group, "m1");
            _disposables.Add(member);
        }
        var response = await member.FetchAsync(TopicId, [0], maxWaitMs: 0);
        return string.Join(' ', response.Topics.SelectMany(t => t.Partitions).SelectMany(p => p.AcquiredRecords)
            .Select(r => $"{r.FirstOffset}-{r.LastOffset}"));
    }

    [Fact]
    public async Task A_read_committed_group_gets_committed_records_only_and_stops_at_an_open_transaction()
    {
        var first = TransactionalProducer("share-txn-a");
        await TransactionAsync(first, "committed", 2, commit: true);   // offsets 0-1, marker 2
        await TransactionAsync(first, "aborted", 2, commit: false);    // offsets 3-4, marker 5
        await TransactionAsync(first, "late", 1, commit: true);        // offset 6, marker 7
        var open = TransactionalProducer("share-txn-b");
        await TransactionAsync(open, "open", 1, commit: null);         // offset 8, still open

        // The aborted records are never handed out; the committed ones and the markers are, up to the open transaction.
        Assert.Equal("0-2 5-7", await AcquiredAsync("committed"));
        Assert.Equal("0-8", await AcquiredAsync("uncommitted"));
        var state = await Kafka.Broker.ShareState.ReadAsync(new SharePartitionKey("committed", TopicId, 0), -1, CancellationToken.None);
        Assert.Contains(state.State!.StateBatches, b => b is { FirstOffset: 3, LastOffset: 4, DeliveryState: RecordDeliveryState.Archived, DeliveryCount: 0 });

        // The commit marker is written after the commit is answered: the records show once it is there.
        open.CommitTransaction(TimeSpan.FromSeconds(30));
        string afterCommit = "";
        for (int attempt = 0; attempt < 100 && afterCommit.Length == 0; attempt++)
        {
            afterCommit = await AcquiredAsync("committed");
            if (afterCommit.Length == 0) await Task.Delay(50);
        }
        Assert.Equal("8-9", afterCommit);
    }

    /// <summary>The test view, with a config per group.</summary>
    private sealed class PerGroupView(TestShareGroupView members, Func<string, SharePartitionConfig> config) : IShareGroupView
    {
        public event Action<string, string>? MemberLeft
        {
            add => members.MemberLeft += value;
            remove => members.MemberLeft -= value;
        }

        public bool IsMember(string groupId, string memberId) => members.IsMember(groupId, memberId);

        public SharePartitionConfig ConfigOf(string groupId) => config(groupId);

        public bool StartsAtEarliest(string groupId) => true;
    }
}
