using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Cluster;

/// <summary>Broker 1 answering clients from a published three-broker metadata image.</summary>
public sealed class ClusterViewWireTests : IAsyncLifetime
{
    private ControllerlessBroker? _kafka;
    private MetadataUpdate? _update;

    private ControllerlessBroker Kafka => _kafka ?? throw new InvalidOperationException("broker not started");

    public async Task InitializeAsync()
    {
        _kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions { NodeId = 1 });
        _update = ClusterImages.ThreeBrokers(_kafka.Port);
        _kafka.Broker.Publish(_update);
    }

    public async Task DisposeAsync()
    {
        if (_kafka is not null)
        {
            await _kafka.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metadata_lists_the_image_brokers_and_each_partitions_leader_replicas_and_isr()
    {
        var response = await SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12, new MetadataRequest { Topics = null }, flexible: true);

        Assert.Equal([(1, Kafka.Port, "rack-1"), (2, 19092, "rack-2"), (3, 19093, "rack-3")],
            response.Brokers.OrderBy(b => b.NodeId).Select(b => (b.NodeId, b.Port, b.Rack)));
        Assert.Equal(1, response.ControllerId);
        var topic = Assert.Single(response.Topics);
        Assert.Equal((ClusterImages.Topic, ClusterImages.TopicId), (topic.Name, topic.TopicId));
        var partitions = topic.Partitions.OrderBy(p => p.PartitionIndex).ToList();
        Assert.Equal(
            [(0, 1, ClusterImages.LocalEpoch), (0, 2, ClusterImages.RemoteEpoch), (0, 3, 0), ((int)ErrorCode.LeaderNotAvailable, -1, 0)],
            partitions.Select(p => ((int)p.ErrorCode, p.LeaderId, p.LeaderEpoch)));
        Assert.Equal([[1, 2, 3], [2, 3, 1], [3, 4], [4]], partitions.Select(p => p.ReplicaNodes.ToArray()));
        Assert.Equal([[1, 2, 3], [2, 3, 1], [3], []], partitions.Select(p => p.IsrNodes.ToArray()));
        Assert.Equal([[], [], [4], [4]], partitions.Select(p => p.OfflineReplicas.ToArray()));
    }

    [Fact]
    public async Task DescribeCluster_and_DescribeTopicPartitions_answer_from_the_image()
    {
        var cluster = await SendAsync<DescribeClusterResponse>(DescribeClusterRequest.ApiKey, 1,
            new DescribeClusterRequest { EndpointType = 1 }, flexible: true);
        Assert.Equal([1, 2, 3], cluster.Brokers.Select(b => b.BrokerId).Order());
        Assert.Equal(1, cluster.ControllerId);

        var described = await SendAsync<DescribeTopicPartitionsResponse>(DescribeTopicPartitionsRequest.ApiKey, 0,
            new DescribeTopicPartitionsRequest { ResponsePartitionLimit = 100 }, flexible: true);
        var partitions = Assert.Single(described.Topics).Partitions;
        Assert.Equal([(0, 1), (1, 2), (2, 3), (3, -1)], partitions.Select(p => (p.PartitionIndex, p.LeaderId)));
        Assert.Equal([4], partitions[2].OfflineReplicas);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(13)]
    public async Task Produce_to_a_partition_led_elsewhere_names_the_leader_and_its_endpoint(short version)
    {
        var request = ProducerBatches.Request(ClusterImages.Topic, 1, ProducerBatches.Plain());
        if (version >= 13)
        {
            request.TopicData[0].TopicId = ClusterImages.TopicId;
            request.TopicData[0].Name = "";
        }

        var response = await SendAsync<ProduceResponse>(ProduceRequest.ApiKey, version, request, flexible: true);

        var partition = Assert.Single(Assert.Single(response.Responses).PartitionResponses);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, partition.ErrorCode);
        Assert.Equal((2, ClusterImages.RemoteEpoch), (partition.CurrentLeader.LeaderId, partition.CurrentLeader.LeaderEpoch));
        var endpoint = Assert.Single(response.NodeEndpoints);
        Assert.Equal((2, "127.0.0.1", 19092, "rack-2"), (endpoint.NodeId, endpoint.Host, endpoint.Port, endpoint.Rack));
        Assert.Equal(0, Kafka.Broker.Replicas!.Find(ClusterImages.Topic, 1)!.LogEndOffset);
    }

    [Fact]
    public async Task A_partition_led_here_accepts_produce_and_fetch_at_its_leader_epoch()
    {
        var produced = await SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9,
            ProducerBatches.Request(ClusterImages.Topic, 0, ProducerBatches.Plain(3), acks: 1), flexible: true);
        Assert.Equal(0, Assert.Single(Assert.Single(produced.Responses).PartitionResponses).ErrorCode);
        // Followers 2 and 3 (in the ISR) have fetched everything: the high watermark reaches the log end.
        Kafka.Broker.Replicas!.Replication!.RecordFollowerFetch(ClusterImages.Topic, 0, 2, -1, 3);
        Kafka.Broker.Replicas!.Replication!.RecordFollowerFetch(ClusterImages.Topic, 0, 3, -1, 3);

        var partition = await FetchAsync(partition: 0, ClusterImages.LocalEpoch);

        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(3, partition.HighWatermark);
        Assert.True(partition.Records is { Length: > 0 });
    }

    [Theory]
    [InlineData(ClusterImages.LocalEpoch - 1, ErrorCode.FencedLeaderEpoch)]
    [InlineData(ClusterImages.LocalEpoch + 1, ErrorCode.UnknownLeaderEpoch)]
    public async Task Fetch_with_another_current_leader_epoch_is_refused(int epoch, ErrorCode expected)
    {
        var partition = await FetchAsync(partition: 0, epoch);

        Assert.Equal((short)expected, partition.ErrorCode);
        Assert.Equal(-1, partition.HighWatermark);
    }

    [Fact]
    public async Task Fetch_from_a_partition_led_elsewhere_names_the_leader()
    {
        // Partition 2 has no replica here; a follower (partition 1) serves v11+ consumers (KIP-392).
        var response = await FetchResponseAsync(partition: 2, currentLeaderEpoch: -1);

        var partition = Assert.Single(Assert.Single(response.Responses).Partitions);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, partition.ErrorCode);
        Assert.Equal((3, 0), (partition.CurrentLeader.LeaderId, partition.CurrentLeader.LeaderEpoch));
        Assert.Equal([(3, 19093)], response.NodeEndpoints.Select(e => (e.NodeId, e.Port)));
    }

    [Fact]
    public async Task ListOffsets_OffsetForLeaderEpoch_and_DeleteRecords_check_leadership_and_epochs()
    {
        var offsets = await SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 7, new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics = [new()
            {
                Name = ClusterImages.Topic,
                Partitions =
                [
                    new() { PartitionIndex = 0, CurrentLeaderEpoch = ClusterImages.LocalEpoch, Timestamp = -1 },
                    new() { PartitionIndex = 1, CurrentLeaderEpoch = -1, Timestamp = -1 },
                    new() { PartitionIndex = 2, CurrentLeaderEpoch = -1, Timestamp = -1 },
                ],
            }],
        }, flexible: true);
        Assert.Equal([(short)0, (short)ErrorCode.NotLeaderOrFollower, (short)ErrorCode.NotLeaderOrFollower],
            offsets.Topics[0].Partitions.Select(p => p.ErrorCode));
        Assert.Equal(ClusterImages.LocalEpoch, offsets.Topics[0].Partitions[0].LeaderEpoch);

        var epochs = await SendAsync<OffsetForLeaderEpochResponse>(OffsetForLeaderEpochRequest.ApiKey, 4, new OffsetForLeaderEpochRequest
        {
            ReplicaId = -1,
            Topics = [new()
            {
                Topic = ClusterImages.Topic,
                Partitions =
                [
                    new() { Partition = 0, CurrentLeaderEpoch = ClusterImages.LocalEpoch - 1, LeaderEpoch = 0 },
                    new() { Partition = 0, CurrentLeaderEpoch = ClusterImages.LocalEpoch, LeaderEpoch = ClusterImages.LocalEpoch },
                    new() { Partition = 1, CurrentLeaderEpoch = -1, LeaderEpoch = 0 },
                ],
            }],
        }, flexible: true);
        Assert.Equal([(short)ErrorCode.FencedLeaderEpoch, (short)0, (short)ErrorCode.NotLeaderOrFollower],
            epochs.Topics[0].Partitions.Select(p => p.ErrorCode));
        Assert.Equal((ClusterImages.LocalEpoch, 0L), (epochs.Topics[0].Partitions[1].LeaderEpoch, epochs.Topics[0].Partitions[1].EndOffset));

        var deleted = await SendAsync<DeleteRecordsResponse>(DeleteRecordsRequest.ApiKey, 2, new DeleteRecordsRequest
        {
            TimeoutMs = 1000,
            Topics = [new() { Name = ClusterImages.Topic, Partitions = [new() { PartitionIndex = 1, Offset = 0 }] }],
        }, flexible: true);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, deleted.Topics[0].Partitions[0].ErrorCode);
    }

    [Fact]
    public async Task Logs_exist_only_for_partitions_with_a_replica_here()
    {
        var replicas = Kafka.Broker.Replicas!;
        Assert.NotNull(replicas.Find(ClusterImages.Topic, 0));
        Assert.NotNull(replicas.Find(ClusterImages.Topic, 1));
        Assert.Null(replicas.Find(ClusterImages.Topic, 2));
        Assert.Null(replicas.Find(ClusterImages.Topic, 3));
        Assert.False(File.Exists(Path.Combine(Kafka.DataDirectory, "topics.json")));

        // Not hosted here, but known: NOT_LEADER_OR_FOLLOWER rather than an unknown partition, as Kafka answers.
        var partition = await FetchAsync(partition: 2, currentLeaderEpoch: -1);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, partition.ErrorCode);
    }

    [Fact]
    public async Task A_topic_deleted_in_a_later_image_is_gone_with_its_logs()
    {
        Assert.Equal(2, Directory.EnumerateDirectories(Kafka.DataDirectory, ClusterImages.Topic + "-*", SearchOption.AllDirectories).Count());
        var later = ClusterImages.Apply(_update!.Image, 11, new RemoveTopicRecord { TopicId = ClusterImages.TopicId });

        Kafka.Broker.Publish(later);

        var response = await SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12,
            new MetadataRequest { Topics = [new() { Name = ClusterImages.Topic }], AllowAutoTopicCreation = false }, flexible: true);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(response.Topics).ErrorCode);
        Assert.Null(Kafka.Broker.Replicas!.Find(ClusterImages.Topic, 0));
        Assert.Null(Kafka.Broker.Replicas.Find(ClusterImages.Topic, 1));
        Assert.Empty(Directory.EnumerateDirectories(Kafka.DataDirectory, ClusterImages.Topic + "-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_topic_config_changed_in_the_image_shows_in_DescribeConfigs()
    {
        var later = ClusterImages.Apply(_update!.Image, 11, new ConfigRecord
        {
            ResourceType = ConfigResourceKey.TopicType,
            ResourceName = ClusterImages.Topic,
            Name = "retention.ms",
            Value = "12345",
        });

        Kafka.Broker.Publish(later);

        var response = await SendAsync<DescribeConfigsResponse>(DescribeConfigsRequest.ApiKey, 4, new DescribeConfigsRequest
        {
            Resources = [new() { ResourceType = ConfigResourceKey.TopicType, ResourceName = ClusterImages.Topic, ConfigurationKeys = ["retention.ms"] }],
        }, flexible: true);
        var config = Assert.Single(Assert.Single(response.Results).Configs);
        Assert.Equal(("retention.ms", "12345"), (config.Name, config.Value));
        Assert.Equal(12345, Kafka.Broker.Replicas!.Find(ClusterImages.Topic, 0)!.Config.RetentionMs);
    }

    [Fact]
    public async Task Fenced_brokers_leave_the_view_and_their_replicas_are_offline()
    {
        var later = ClusterImages.Apply(_update!.Image, 11, new FenceBrokerRecord { Id = 2, Epoch = 102 });

        Kafka.Broker.Publish(later);

        var response = await SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12, new MetadataRequest { Topics = null }, flexible: true);
        Assert.Equal([1, 3], response.Brokers.Select(b => b.NodeId).Order());
        var partition1 = Assert.Single(response.Topics).Partitions.Single(p => p.PartitionIndex == 1);
        Assert.Equal(((short)ErrorCode.LeaderNotAvailable, -1), (partition1.ErrorCode, partition1.LeaderId));
        Assert.Equal([2], partition1.OfflineReplicas);
    }

    private async Task<FetchResponse.PartitionData> FetchAsync(int partition, int currentLeaderEpoch) =>
        Assert.Single(Assert.Single((await FetchResponseAsync(partition, currentLeaderEpoch)).Responses).Partitions);

    private Task<FetchResponse> FetchResponseAsync(int partition, int currentLeaderEpoch) =>
        SendAsync<FetchResponse>(FetchRequest.ApiKey, 16, new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = 0,
            MinBytes = 0,
            MaxBytes = 1 << 20,
            SessionId = 0,
            SessionEpoch = -1,
            Topics = [new()
            {
                TopicId = ClusterImages.TopicId,
                Partitions = [new() { Partition = partition, FetchOffset = 0, CurrentLeaderEpoch = currentLeaderEpoch, PartitionMaxBytes = 1 << 20 }],
            }],
        }, flexible: true);

    private async Task<TResponse> SendAsync<TResponse>(short apiKey, short version, IKafkaMessage request, bool flexible)
        where TResponse : IKafkaMessage<TResponse>
    {
        using var session = await WireSession.OpenAsync(Kafka.Port);
        return await session.SendAsync<TResponse>(apiKey, version, request, flexible);
    }
}
