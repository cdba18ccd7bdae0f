using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Replication;

/// <summary>Broker 1 leading partition 0 of "orders" with replicas [1, 2, 3]; raw requests play followers and clients.</summary>
internal sealed class ReplicatedPartition : IAsyncDisposable
{
    public const string Topic = "orders";
    public const int LeaderEpoch = 5;
    public static readonly Guid TopicId = ClusterImages.TopicId;

    private ReplicatedPartition(ControllerlessBroker kafka) => Kafka = kafka;

    public ControllerlessBroker Kafka { get; }

    public static async Task<ReplicatedPartition> StartAsync(int[] isr, long lagTimeMaxMs = 600_000, string? minInsyncReplicas = null)
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions { NodeId = 1, Configure = o => o.Cluster.ReplicaLagTimeMaxMs = lagTimeMaxMs });
        var topic = new TopicRecord { Name = Topic, TopicId = TopicId };
        var records = new List<IKafkaMessage>
        {
            ClusterImages.Register(1, kafka.Port), ClusterImages.Register(2, 19092), ClusterImages.Register(3, 19093), topic,
            new PartitionRecord { TopicId = TopicId, PartitionId = 0, Replicas = [1, 2, 3], Isr = [.. isr], Leader = 1, LeaderEpoch = LeaderEpoch, PartitionEpoch = 3 },
        };
        if (minInsyncReplicas is not null)
        {
            records.Add(new ConfigRecord { ResourceType = 2, ResourceName = Topic, Name = "min.insync.replicas", Value = minInsyncReplicas });
        }
        kafka.Broker.Publish(ClusterImages.Apply(MetadataImage.Empty, 10, [.. records]));
        return new ReplicatedPartition(kafka);
    }

    public async Task<T> SendAsync<T>(short apiKey, short version, IKafkaMessage request)
        where T : class, IKafkaMessage<T>
    {
        using var session = await WireSession.OpenAsync(Kafka.Port);
        return await session.SendAsync<T>(apiKey, version, request, flexible: version >= FlexibleFrom(apiKey));
    }

    /// <summary>A follower's fetch of partition 0: v15+ names the replica in its replica state, v12 in replica_id.</summary>
    public Task<FetchResponse> FollowerFetchAsync(int replicaId, long offset, short version = 15, int lastFetchedEpoch = -1) =>
        SendAsync<FetchResponse>(FetchRequest.ApiKey, version, Fetch(version, offset, replicaId, lastFetchedEpoch, isolation: 0));

    public Task<FetchResponse> ConsumerFetchAsync(long offset, sbyte isolation = 0) =>
        SendAsync<FetchResponse>(FetchRequest.ApiKey, 15, Fetch(15, offset, -1, -1, isolation));

    public async Task<long> LatestAsync(sbyte isolation)
    {
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            IsolationLevel = isolation,
            Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }],
        };
        var response = await SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 7, request);
        var partition = response.Topics[0].Partitions[0];
        Assert.Equal(0, partition.ErrorCode);
        return partition.Offset;
    }

    public ValueTask DisposeAsync() => Kafka.DisposeAsync();

    private static FetchRequest Fetch(short version, long offset, int replicaId, int lastFetchedEpoch, sbyte isolation)
    {
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 0,
            MaxBytes = 1 << 20,
            IsolationLevel = isolation,
            SessionEpoch = -1,
            Topics = [new() { Topic = Topic, TopicId = TopicId, Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 1 << 20, LastFetchedEpoch = lastFetchedEpoch }] }],
        };
        if (version >= 15)
        {
            request.ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = replicaId, ReplicaEpoch = 100 + replicaId };
        }
        else
        {
            request.ReplicaId = replicaId;
        }
        return request;
    }

    private static short FlexibleFrom(short apiKey) => apiKey switch
    {
        0 => 9,
        1 => 12,
        2 => 6,
        _ => 0,
    };
}
