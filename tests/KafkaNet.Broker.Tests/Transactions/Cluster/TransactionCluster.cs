using System.Diagnostics;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Transactions.Cluster;

/// <summary>
/// Broker 1 of a three-broker cluster, with a recording controller and inter-broker channel. Images publish topic
/// "data" (partition 0 led here alone, 1 led by broker 2, 2 led here with broker 2 in the ISR) and, when asked, __transaction_state with chosen leaders.
/// </summary>
internal sealed class TransactionCluster : IAsyncDisposable
{
    public const string DataTopic = "data";
    public const int StatePartitions = 2;
    public const long BrokerEpoch = 101;
    public static readonly Guid DataTopicId = new("0b6a1f3e-5c2d-4e8f-9a71-3d2c1b0a9f8e");
    public static readonly Guid StateTopicId = new("7c5e2d1a-9b3f-4a6e-8d20-1f3e5a7c9b0d");
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(15);
    private long _offset = 10;

    private TransactionCluster(ControllerlessBroker kafka) => Kafka = kafka;

    public ControllerlessBroker Kafka { get; }

    public RecordingTxnController Controller { get; } = new();

    public RecordingInterBroker InterBroker { get; } = new();

    public static async Task<TransactionCluster> StartAsync()
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions
        {
            NodeId = 1,
            Configure = o => o.Transactions.TransactionStateLogNumPartitions = StatePartitions,
        });
        var cluster = new TransactionCluster(kafka);
        kafka.Broker.Controller = cluster.Controller;
        kafka.Broker.InterBroker = cluster.InterBroker;
        kafka.Broker.BrokerEpoch = BrokerEpoch;
        return cluster;
    }

    /// <summary>A transactional id whose __transaction_state partition is <paramref name="partition"/>.</summary>
    public static string IdOn(int partition, string prefix = "txn") => CoordinatorKeys.On(partition, StatePartitions, prefix);

    /// <summary>
    /// Publishes brokers 1-3 (or only <paramref name="brokers"/>), topic "data", and, given leaders (with their leader
    /// epochs), __transaction_state with replicas [1, 2] on each partition; the ISR of a partition led here is [1], or
    /// [1, 2] with <paramref name="replicatedHere"/>.
    /// </summary>
    public void Publish((int Leader, int Epoch)[]? stateLeaders = null, int brokers = 3, bool replicatedHere = false)
    {
        var records = new List<IKafkaMessage>();
        for (int id = 1; id <= brokers; id++)
        {
            records.Add(ClusterImages.Register(id, id == 1 ? Kafka.Port : 19090 + id));
        }
        records.Add(new TopicRecord { Name = DataTopic, TopicId = DataTopicId });
        records.Add(new PartitionRecord { TopicId = DataTopicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1, LeaderEpoch = 3, PartitionEpoch = 3 });
        records.Add(new PartitionRecord { TopicId = DataTopicId, PartitionId = 1, Replicas = [2, 3], Isr = [2, 3], Leader = 2, LeaderEpoch = 4, PartitionEpoch = 4 });
        records.Add(new PartitionRecord { TopicId = DataTopicId, PartitionId = 2, Replicas = [1, 2], Isr = [1, 2], Leader = 1, LeaderEpoch = 5, PartitionEpoch = 5 });
        if (stateLeaders is not null)
        {
            records.Add(new TopicRecord { Name = TopicNames.TransactionState, TopicId = StateTopicId });
            for (int p = 0; p < stateLeaders.Length; p++)
            {
                var (leader, epoch) = stateLeaders[p];
                // Led here, this node is the whole ISR, so writes count at once; led by 2, this node follows.
                records.Add(new PartitionRecord
                {
                    TopicId = StateTopicId,
                    PartitionId = p,
                    Replicas = [1, 2],
                    Isr = leader == 1 && !replicatedHere ? [1] : [leader, 3 - leader],
                    Leader = leader,
                    LeaderEpoch = epoch,
                    PartitionEpoch = epoch,
                });
            }
        }
        _offset += 10;
        Kafka.Broker.Publish(ClusterImages.Apply(MetadataImage.Empty, _offset, [.. records]));
    }

    public Task<WireSession> OpenAsync() => WireSession.OpenAsync(Kafka.Port);

    /// <summary>InitProducerId v4, sent again while the answer is retriable (loading, no producer id block yet).</summary>
    public static async Task<InitProducerIdResponse> InitAsync(WireSession session, string? transactionalId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await TransactionWire.InitAsync(session, 4, transactionalId);
            if (response.ErrorCode != (short)ErrorCode.CoordinatorLoadInProgress || clock.Elapsed > Budget)
            {
                return response;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// With both __transaction_state partitions led here at epoch 1 and broker 2 refusing markers (NOT_LEADER_OR_FOLLOWER):
    /// a transaction of <paramref name="transactionalId"/> on data partition 1 (led by 2), ended and left mid-way.
    /// </summary>
    public async Task EndWithRemoteLeaderRefusingAsync(WireSession session, string transactionalId, bool commit)
    {
        Publish([(1, 1), (1, 1)]);
        InterBroker.Answer = (short)ErrorCode.NotLeaderOrFollower;
        var init = await InitAsync(session, transactionalId);
        await TransactionWire.AddPartitionsAsync(session, 3, transactionalId, init.ProducerId, init.ProducerEpoch, (DataTopic, 1));
        var end = await TransactionWire.EndAsync(session, 3, transactionalId, init.ProducerId, init.ProducerEpoch, commit);
        Assert.Equal((short)ErrorCode.None, end.ErrorCode);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing after the budget.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Budget, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Broker 2 fetching a partition (of __transaction_state unless <paramref name="topicId"/> is given) from <paramref name="offset"/>, as a follower.</summary>
    public async Task<short> FollowerFetchAsync(int partition, long offset, Guid? topicId = null)
    {
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 0,
            MaxBytes = 1 << 20,
            SessionEpoch = -1,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = 2, ReplicaEpoch = 102 },
            Topics = [new() { TopicId = topicId ?? StateTopicId, Partitions = [new() { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
        };
        using var session = await OpenAsync();
        var response = await session.SendAsync<FetchResponse>(FetchRequest.ApiKey, 15, request, flexible: true);
        return response.Responses[0].Partitions[0].ErrorCode;
    }

    public ValueTask DisposeAsync() => Kafka.DisposeAsync();
}
