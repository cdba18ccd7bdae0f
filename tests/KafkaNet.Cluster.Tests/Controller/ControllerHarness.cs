using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Tests.Controller;

// A clock the tests move by hand.
internal sealed class ManualClock : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

// Replays each appended batch into the image and publishes it back, as the metadata log would.
internal sealed class ReplayingLogWriter : IMetadataLogWriter
{
    private readonly Lock gate = new();
    private long offset;

    public QuorumController? Controller { get; set; }

    public MetadataImage Image { get; private set; } = MetadataImage.Empty;

    public bool IsLeader { get; set; } = true;

    public List<List<MetadataRecord>> Batches { get; } = [];

    /// <summary>What <see cref="CatchUpAsync"/> waits for: completed unless a test holds the controller back.</summary>
    public Task CaughtUp { get; set; } = Task.CompletedTask;

    public Task CatchUpAsync(CancellationToken cancellationToken) => CaughtUp.WaitAsync(cancellationToken);

    public Task<long> AppendAsync(IReadOnlyList<MetadataRecord> records, CancellationToken cancellationToken)
    {
        if (!IsLeader)
            throw new NotControllerException(2);
        lock (gate)
        {
            var delta = new MetadataDelta(Image);
            foreach (var r in records)
                delta.Replay(r.Message);
            Image = delta.Apply(++offset).Image;
            Batches.Add([.. records]);
            Controller!.Publish(Image);
            return Task.FromResult(offset);
        }
    }
}

internal sealed class ControllerHarness : IDisposable
{
    public ControllerHarness(int numPartitions = 1, short replicationFactor = 1, bool unclean = false, int sessionCheckIntervalMs = 0,
        Action<QuorumControllerOptions>? configure = null)
    {
        Options = new QuorumControllerOptions
        {
            NodeId = 1,
            NumPartitions = numPartitions,
            DefaultReplicationFactor = replicationFactor,
            UncleanLeaderElectionEnable = unclean,
            TimeProvider = Clock,
            SessionCheckIntervalMs = sessionCheckIntervalMs,
        };
        configure?.Invoke(Options);
        Controller = new QuorumController(Options, Writer);
        Writer.Controller = Controller;
    }

    public ManualClock Clock { get; } = new();

    public ReplayingLogWriter Writer { get; } = new();

    public QuorumControllerOptions Options { get; }

    public QuorumController Controller { get; }

    public MetadataImage Image => Controller.Image;

    public Dictionary<int, long> Epochs { get; } = [];

    public static BrokerRegistrationRequest Registration(int id, string? rack = null, Guid? incarnation = null)
    {
        var request = new BrokerRegistrationRequest { BrokerId = id, ClusterId = "cluster", IncarnationId = incarnation ?? Guid.NewGuid(), Rack = rack };
        request.Listeners.Add(new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = (ushort)(9000 + id), SecurityProtocol = 0 });
        return request;
    }

    /// <summary>Registers brokers and heartbeats them until unfenced.</summary>
    public async Task StartBrokersAsync(params int[] ids) => await StartBrokersAsync(ids.Select(id => (id, (string?)null)).ToArray());

    public async Task StartBrokersAsync(params (int Id, string? Rack)[] brokers)
    {
        foreach (var (id, rack) in brokers)
        {
            var response = await Controller.BrokerRegistrationAsync(Registration(id, rack), 3);
            Assert.Equal(0, response.ErrorCode);
            Epochs[id] = response.BrokerEpoch;
        }
        foreach (var (id, _) in brokers)
        {
            var beat = await HeartbeatAsync(id);
            Assert.False(beat.IsFenced);
        }
    }

    public Task<BrokerHeartbeatResponse> HeartbeatAsync(int id, bool wantFence = false, bool wantShutDown = false, long? offset = null) =>
        Controller.BrokerHeartbeatAsync(new BrokerHeartbeatRequest
        {
            BrokerId = id,
            BrokerEpoch = Epochs[id],
            CurrentMetadataOffset = offset ?? Image.LastAppliedOffset,
            WantFence = wantFence,
            WantShutDown = wantShutDown,
        }, 1);

    public async Task<CreateTopicsResponse.CreatableTopicResult> CreateTopicAsync(string name, int partitions = -1, short replicas = -1, bool validateOnly = false)
    {
        var request = new CreateTopicsRequest { ValidateOnly = validateOnly };
        request.Topics.Add(new() { Name = name, NumPartitions = partitions, ReplicationFactor = replicas });
        return (await Controller.CreateTopicsAsync(request, 7)).Topics.Single();
    }

    public PartitionRegistration Partition(string topic, int id) => Image.TopicsByName[topic].Partitions[id];

    public void Dispose() => Controller.Dispose();
}
