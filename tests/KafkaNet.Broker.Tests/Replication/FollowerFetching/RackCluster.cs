using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Replication;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Replication.FollowerFetching;

/// <summary>
/// One broker of a published three-broker image whose brokers 1, 2 and 3 sit in rack-a, rack-b and rack-c; partition 0
/// of "orders" is led by broker 1 with replicas and ISR [1, 2, 3], partition 1 by broker 1 with replicas [1, 3].
/// </summary>
internal sealed class RackCluster : IAsyncDisposable
{
    public const string Topic = "orders";
    public const int LeaderEpoch = 5;
    public static readonly Guid TopicId = ClusterImages.TopicId;

    private RackCluster(ControllerlessBroker kafka) => Kafka = kafka;

    public ControllerlessBroker Kafka { get; }

    public static async Task<RackCluster> StartAsync(int nodeId, bool rackAware)
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions
        {
            NodeId = nodeId,
            Configure = o =>
            {
                o.Cluster.ReplicaLagTimeMaxMs = 600_000;
                o.Cluster.ReplicaSelectorClass = rackAware ? ReplicaSelector.RackAwareClassName : null;
            },
        });
        var records = new List<IKafkaMessage>();
        foreach (var (id, rack) in new[] { (1, "rack-a"), (2, "rack-b"), (3, "rack-c") })
        {
            var register = ClusterImages.Register(id, id == nodeId ? kafka.Port : 19090 + id);
            register.Rack = rack;
            records.Add(register);
        }
        records.Add(new TopicRecord { Name = Topic, TopicId = TopicId });
        records.Add(new PartitionRecord { TopicId = TopicId, PartitionId = 0, Replicas = [1, 2, 3], Isr = [1, 2, 3], Leader = 1, LeaderEpoch = LeaderEpoch, PartitionEpoch = 3 });
        records.Add(new PartitionRecord { TopicId = TopicId, PartitionId = 1, Replicas = [1, 3], Isr = [1, 3], Leader = 1, LeaderEpoch = LeaderEpoch, PartitionEpoch = 3 });
        kafka.Broker.Publish(ClusterImages.Apply(MetadataImage.Empty, 10, [.. records]));
        return new RackCluster(kafka);
    }

    /// <summary>A consumer's fetch (replica id -1) of one partition, naming <paramref name="rack"/> from v11.</summary>
    public async Task<FetchResponse.PartitionData> ConsumerFetchAsync(
        long offset, string rack = "", short version = 15, int partition = 0, sbyte isolation = 0, int currentLeaderEpoch = -1, int maxWaitMs = 0)
    {
        var request = new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = maxWaitMs,
            MinBytes = 1,
            MaxBytes = 1 << 20,
            IsolationLevel = isolation,
            SessionEpoch = -1,
            RackId = rack,
            Topics =
            [
                new()
                {
                    Topic = Topic,
                    TopicId = TopicId,
                    Partitions = [new() { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20, CurrentLeaderEpoch = currentLeaderEpoch }],
                },
            ],
        };
        var response = await SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request);
        return response.Responses[0].Partitions[0];
    }

    /// <summary>Follower <paramref name="replicaId"/>'s fetch at <paramref name="offset"/>, which tells the leader its log end.</summary>
    public async Task FollowerFetchAsync(int replicaId, long offset)
    {
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MaxBytes = 1 << 20,
            SessionEpoch = -1,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = replicaId, ReplicaEpoch = 100 + replicaId },
            Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
        };
        var response = await SendAsync<FetchResponse>(FetchRequest.ApiKey, 15, request);
        Assert.Equal(0, response.Responses[0].Partitions[0].ErrorCode);
    }

    public async Task<T> SendAsync<T>(short apiKey, short version, IKafkaMessage request)
        where T : class, IKafkaMessage<T>
    {
        using var session = await WireSession.OpenAsync(Kafka.Port);
        bool flexible = apiKey switch
        {
            0 => version >= 9,
            1 => version >= 12,
            2 => version >= 6,
            _ => false,
        };
        return await session.SendAsync<T>(apiKey, version, request, flexible);
    }

    public ValueTask DisposeAsync() => Kafka.DisposeAsync();
}
