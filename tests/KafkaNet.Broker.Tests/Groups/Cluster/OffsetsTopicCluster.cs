using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Cluster;

/// <summary>
/// Broker 1 of a three-broker cluster, fed metadata images as its controller would publish them: topic "orders" led
/// here, and __consumer_offsets with <see cref="Partitions"/> partitions whose leaders a test chooses.
/// </summary>
internal sealed class OffsetsTopicCluster : IAsyncDisposable
{
    public const int Partitions = 4;
    public const string Topic = "orders";
    public static readonly Guid OffsetsTopicId = new("0c0f5e75-1d2a-4b3c-8d4e-5f6a7b8c9d0e");

    private long _metadataOffset = 10;

    private OffsetsTopicCluster(ControllerlessBroker kafka, CreateTopicsRecorder controller)
    {
        Kafka = kafka;
        Controller = controller;
    }

    public ControllerlessBroker Kafka { get; }

    public CreateTopicsRecorder Controller { get; }

    public MetadataImage Image { get; private set; } = MetadataImage.Empty;

    public static async Task<OffsetsTopicCluster> StartAsync(Action<GroupCoordinatorOptions>? configure = null)
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions { NodeId = 1, Configure = o => configure?.Invoke(o.Groups) });
        var controller = new CreateTopicsRecorder();
        kafka.Broker.Controller = controller;
        return new OffsetsTopicCluster(kafka, controller);
    }

    /// <summary>Registers brokers 1 (this one) to <paramref name="brokers"/> and topic "orders" led here alone.</summary>
    public void PublishBrokers(int brokers = 3)
    {
        var records = new List<IKafkaMessage>();
        for (int id = 1; id <= brokers; id++)
        {
            records.Add(ClusterImages.Register(id, id == 1 ? Kafka.Port : 19090 + id));
        }
        records.Add(new TopicRecord { Name = Topic, TopicId = ClusterImages.TopicId });
        records.Add(new PartitionRecord { TopicId = ClusterImages.TopicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1, LeaderEpoch = 0, PartitionEpoch = 0 });
        Publish([.. records]);
    }

    /// <summary>Creates __consumer_offsets: partition p led by leaders[p] with replicas [1, 2] and the given ISR.</summary>
    public void PublishOffsetsTopic(int[] leaders, int epoch, int[] isr)
    {
        var records = new List<IKafkaMessage> { new TopicRecord { Name = TopicNames.ConsumerOffsets, TopicId = OffsetsTopicId } };
        for (int p = 0; p < leaders.Length; p++)
        {
            records.Add(OffsetsPartition(p, leaders[p], epoch, isr));
        }
        Publish([.. records]);
    }

    /// <summary>Moves the leadership of one partition of __consumer_offsets.</summary>
    public void PublishLeader(int partition, int leader, int epoch, int[] isr) => Publish(OffsetsPartition(partition, leader, epoch, isr));

    /// <summary>A group id that __consumer_offsets partition <paramref name="partition"/> coordinates.</summary>
    public static string GroupOn(int partition, string prefix = "group") => CoordinatorKeys.On(partition, Partitions, prefix);

    public async Task<T> SendAsync<T>(short apiKey, short version, IKafkaMessage request, bool flexible)
        where T : class, IKafkaMessage<T>
    {
        using var session = await WireSession.OpenAsync(Kafka.Port);
        return await session.SendAsync<T>(apiKey, version, request, flexible);
    }

    public Task<FindCoordinatorResponse> FindCoordinatorAsync(string groupId) =>
        SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 3, new FindCoordinatorRequest { Key = groupId, KeyType = 0 }, flexible: true);

    /// <summary>OffsetCommit v7 of offset <paramref name="offset"/> for orders-0 by a simple group: the partition's error.</summary>
    public async Task<ErrorCode> CommitAsync(string groupId, long offset)
    {
        var response = await SendAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, 7, new OffsetCommitRequest
        {
            GroupId = groupId,
            GenerationIdOrMemberEpoch = -1,
            MemberId = "",
            Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, CommittedOffset = offset, CommittedMetadata = "" }] }],
        }, flexible: false);
        return (ErrorCode)response.Topics.Single().Partitions.Single().ErrorCode;
    }

    /// <summary>OffsetFetch v5 of orders-0: the group's error and the committed offset (-1 when none).</summary>
    public async Task<(ErrorCode Error, long Offset)> FetchOffsetAsync(string groupId)
    {
        var response = await SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 5, new OffsetFetchRequest
        {
            GroupId = groupId,
            Topics = [new() { Name = Topic, PartitionIndexes = [0] }],
        }, flexible: false);
        long offset = response.Topics.SingleOrDefault()?.Partitions.SingleOrDefault()?.CommittedOffset ?? -1;
        return ((ErrorCode)response.ErrorCode, offset);
    }

    /// <summary>Fetches offsets until the group's shard has loaded (at most five seconds).</summary>
    public async Task<(ErrorCode Error, long Offset)> FetchOffsetWhenLoadedAsync(string groupId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var result = await FetchOffsetAsync(groupId);
            if (result.Error != ErrorCode.CoordinatorLoadInProgress || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Broker 2's fetch of a __consumer_offsets partition from <paramref name="offset"/>, as a follower sends it.</summary>
    public async Task<FetchResponse> FollowerFetchAsync(int partition, long offset)
    {
        var request = new FetchRequest
        {
            MaxWaitMs = 0,
            MinBytes = 0,
            MaxBytes = 1 << 20,
            SessionEpoch = -1,
            ReplicaState = new FetchRequest.ReplicaStateData { ReplicaId = 2, ReplicaEpoch = 102 },
            Topics = [new() { TopicId = OffsetsTopicId, Partitions = [new() { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
        };
        return await SendAsync<FetchResponse>(FetchRequest.ApiKey, 15, request, flexible: true);
    }

    public ValueTask DisposeAsync() => Kafka.DisposeAsync();

    private static PartitionRecord OffsetsPartition(int partition, int leader, int epoch, int[] isr) => new()
    {
        TopicId = OffsetsTopicId,
        PartitionId = partition,
        Replicas = [1, 2],
        Isr = [.. isr],
        Leader = leader,
        LeaderEpoch = epoch,
        PartitionEpoch = epoch,
    };

    private void Publish(params IKafkaMessage[] records)
    {
        var update = ClusterImages.Apply(Image, _metadataOffset++, records);
        Image = update.Image;
        Kafka.Broker.Publish(update);
    }
}
