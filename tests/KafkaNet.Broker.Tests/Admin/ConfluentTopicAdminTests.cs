using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Topic administration through librdkafka's AdminClient, end to end over loopback.</summary>
public sealed class ConfluentTopicAdminTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;
    private IAdminClient _admin = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { NodeId = 3 });
        _admin = AdminClients.Create(_kafka);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task Created_topic_appears_in_metadata_with_partitions_led_by_this_broker()
    {
        await _admin.CreateTopicAsync("orders", partitions: 3);

        var metadata = _admin.GetMetadata(AdminClients.Timeout);

        var topic = Assert.Single(metadata.Topics);
        Assert.Equal("orders", topic.Topic);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.Equal([0, 1, 2], topic.Partitions.Select(p => p.PartitionId).Order());
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal(3, p.Leader);
            Assert.Equal([3], p.Replicas);
            Assert.Equal([3], p.InSyncReplicas);
        });
    }

    [Fact]
    public async Task Validate_only_creates_nothing()
    {
        await _admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "dry-run", NumPartitions = 2, ReplicationFactor = 1 }],
            new CreateTopicsOptions { ValidateOnly = true, RequestTimeout = AdminClients.Timeout });

        Assert.Empty(_admin.GetMetadata(AdminClients.Timeout).Topics);
    }

    [Fact]
    public async Task Creating_an_existing_topic_gets_TopicAlreadyExists()
    {
        await _admin.CreateTopicAsync("twice");
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => _admin.CreateTopicAsync("twice"));
        Assert.Equal(ErrorCode.TopicAlreadyExists, Assert.Single(error.Results).Error.Code);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-1)]
    public async Task Illegal_topic_names_get_InvalidTopic(int length)
    {
        string name = length > 0 ? new string('n', length) : "with/slash";
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => _admin.CreateTopicAsync(name));
        Assert.Equal(ErrorCode.TopicException, Assert.Single(error.Results).Error.Code);
    }

    [Fact]
    public async Task Replication_factor_above_one_gets_InvalidReplicationFactor()
    {
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => _admin.CreateTopicsAsync(
            [new TopicSpecification { Name = "replicated", NumPartitions = 1, ReplicationFactor = 3 }],
            new CreateTopicsOptions { RequestTimeout = AdminClients.Timeout }));
        Assert.Equal(ErrorCode.InvalidReplicationFactor, Assert.Single(error.Results).Error.Code);
    }

    [Theory]
    [InlineData("retention.ms", "forever")]
    [InlineData("cleanup.policy", "archive")]
    [InlineData("no.such.config", "1")]
    public async Task Invalid_configs_get_InvalidConfig(string name, string value)
    {
        var error = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            _admin.CreateTopicAsync("configured", configs: new Dictionary<string, string> { [name] = value }));
        var result = Assert.Single(error.Results);
        Assert.Equal(ErrorCode.InvalidConfig, result.Error.Code);
        Assert.Contains(name, result.Error.Reason, StringComparison.Ordinal);
        Assert.Null(_kafka.Broker.Topics.Find("configured"));
    }

    [Fact]
    public async Task DescribeTopics_reports_id_partitions_leader_and_isr()
    {
        await _admin.CreateTopicAsync("described", partitions: 2);

        var result = await _admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described"]),
            new DescribeTopicsOptions { RequestTimeout = AdminClients.Timeout });

        var topic = Assert.Single(result.TopicDescriptions);
        Assert.Equal(ErrorCode.NoError, topic.Error.Code);
        Assert.False(topic.IsInternal);
        Assert.Equal(_kafka.Broker.Topics.Find("described")!.TopicId.ToString("N"), ToHex(topic.TopicId));
        Assert.Equal(2, topic.Partitions.Count);
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal(3, p.Leader.Id);
            Assert.Equal([3], p.ISR.Select(n => n.Id));
            Assert.Equal([3], p.Replicas.Select(n => n.Id));
        });
    }

    [Fact]
    public async Task CreatePartitions_grows_a_topic_and_refuses_to_shrink_it()
    {
        await _admin.CreateTopicAsync("growing", partitions: 1);

        await _admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = "growing", IncreaseTo = 4 }],
            new CreatePartitionsOptions { RequestTimeout = AdminClients.Timeout });
        var shrink = await Assert.ThrowsAsync<CreatePartitionsException>(() => _admin.CreatePartitionsAsync(
            [new PartitionsSpecification { Topic = "growing", IncreaseTo = 2 }],
            new CreatePartitionsOptions { RequestTimeout = AdminClients.Timeout }));

        Assert.Equal(ErrorCode.InvalidPartitions, Assert.Single(shrink.Results).Error.Code);
        var topic = Assert.Single(_admin.GetMetadata("growing", AdminClients.Timeout).Topics);
        Assert.Equal(4, topic.Partitions.Count);
    }

    [Fact]
    public async Task DeleteTopics_removes_the_topic_and_unknown_topics_get_UnknownTopicOrPart()
    {
        await _admin.CreateTopicAsync("doomed");

        await _admin.DeleteTopicsAsync(["doomed"], new DeleteTopicsOptions { RequestTimeout = AdminClients.Timeout });
        var again = await Assert.ThrowsAsync<DeleteTopicsException>(() =>
            _admin.DeleteTopicsAsync(["doomed"], new DeleteTopicsOptions { RequestTimeout = AdminClients.Timeout }));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(again.Results).Error.Code);
        Assert.Empty(_admin.GetMetadata(AdminClients.Timeout).Topics);
    }

    [Fact]
    public async Task DescribeCluster_reports_this_broker_as_the_whole_cluster()
    {
        var cluster = await _admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = AdminClients.Timeout });

        Assert.Equal(_kafka.Broker.ClusterId, cluster.ClusterId);
        Assert.Equal(3, cluster.Controller.Id);
        var node = Assert.Single(cluster.Nodes);
        Assert.Equal((3, "127.0.0.1", _kafka.Port), (node.Id, node.Host, node.Port));
    }

    private static string ToHex(Uuid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, id.MostSignificantBits);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[8..], id.LeastSignificantBits);
        return new Guid(bytes, bigEndian: true).ToString("N");
    }
}
