using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Metadata's topic semantics across versions: all-topics forms, auto-creation, ids, authorized operations.</summary>
public sealed class MetadataTopicTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.NumPartitions = 2 });
        _kafka.CreateTopic(new TopicSpec("existing", 3, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<MetadataResponse> MetadataAsync(short version, MetadataRequest request) =>
        WireExchange.SendAsync<MetadataResponse>(_kafka.Port, MetadataRequest.ApiKey, version, request, flexible: version >= 9);

    private static MetadataRequest Named(bool allowAutoCreate, params string[] names) => new()
    {
        AllowAutoTopicCreation = allowAutoCreate,
        Topics = names.Select(n => new MetadataRequest.MetadataRequestTopic { Name = n }).ToList(),
    };

    [Fact]
    public async Task V0_empty_list_means_all_topics()
    {
        var response = await MetadataAsync(0, new MetadataRequest { Topics = [] });
        Assert.Equal(["existing"], response.Topics.Select(t => t.Name));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public async Task From_v1_null_means_all_and_empty_means_none(short version)
    {
        Assert.Single((await MetadataAsync(version, new MetadataRequest { Topics = null })).Topics);
        Assert.Empty((await MetadataAsync(version, new MetadataRequest { Topics = [] })).Topics);
    }

    [Fact]
    public async Task Topics_carry_partitions_ids_and_leader_epoch()
    {
        var response = await MetadataAsync(12, Named(false, "existing"));

        var topic = Assert.Single(response.Topics);
        Assert.Equal(0, topic.ErrorCode);
        Assert.Equal(_kafka.Broker.Topics.Find("existing")!.TopicId, topic.TopicId);
        Assert.False(topic.IsInternal);
        Assert.Equal(int.MinValue, topic.TopicAuthorizedOperations);
        Assert.Equal([0, 1, 2], topic.Partitions.Select(p => p.PartitionIndex));
        Assert.All(topic.Partitions, p =>
        {
            Assert.Equal((1, 0), (p.LeaderId, p.LeaderEpoch));
            Assert.Equal([1], p.ReplicaNodes);
            Assert.Equal([1], p.IsrNodes);
            Assert.Empty(p.OfflineReplicas);
        });
    }

    [Fact]
    public async Task Unknown_topic_is_auto_created_with_num_partitions_and_first_reads_LEADER_NOT_AVAILABLE()
    {
        var first = Assert.Single((await MetadataAsync(9, Named(true, "fresh"))).Topics);
        // The controller creates it in the background; a client asks again, as here.
        var second = first;
        for (int attempt = 0; attempt < 200 && second.ErrorCode != 0; attempt++)
        {
            await Task.Delay(25);
            second = Assert.Single((await MetadataAsync(9, Named(true, "fresh"))).Topics);
        }

        Assert.Equal((short)ErrorCode.LeaderNotAvailable, first.ErrorCode);
        Assert.Equal(0, second.ErrorCode);
        Assert.Equal(2, second.Partitions.Count);
    }

    [Fact]
    public async Task Old_versions_always_auto_create()
    {
        var response = await MetadataAsync(3, new MetadataRequest { Topics = [new() { Name = "legacy" }] });
        Assert.Equal((short)ErrorCode.LeaderNotAvailable, Assert.Single(response.Topics).ErrorCode);
        for (int attempt = 0; attempt < 200 && _kafka.Broker.Topics.Find("legacy") is null; attempt++)
        {
            await Task.Delay(25);
        }
        Assert.NotNull(_kafka.Broker.Topics.Find("legacy"));
    }

    [Fact]
    public async Task Without_auto_creation_unknown_topics_get_UNKNOWN_TOPIC_OR_PARTITION()
    {
        var response = await MetadataAsync(12, Named(false, "absent"));
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(response.Topics).ErrorCode);
        Assert.Null(_kafka.Broker.Topics.Find("absent"));
    }

    [Fact]
    public async Task Internal_topics_are_not_auto_created_with_ordinary_defaults()
    {
        var response = await MetadataAsync(12, Named(true, "__consumer_offsets"));
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(response.Topics).ErrorCode);
        Assert.Null(_kafka.Broker.Topics.Find("__consumer_offsets"));
    }

    [Fact]
    public async Task Broker_with_auto_creation_off_never_creates()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.AutoCreateTopicsEnable = false });
        var response = await WireExchange.SendAsync<MetadataResponse>(kafka.Port, MetadataRequest.ApiKey, 4, Named(true, "absent"), flexible: false);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(response.Topics).ErrorCode);
    }

    [Fact]
    public async Task Invalid_names_get_INVALID_TOPIC_EXCEPTION_and_are_not_created()
    {
        var response = await MetadataAsync(9, Named(true, "bad/name", new string('x', 300)));
        Assert.All(response.Topics, t => Assert.Equal((short)ErrorCode.InvalidTopicException, t.ErrorCode));
        Assert.Single(_kafka.Broker.Topics.Topics);
    }

    [Fact]
    public async Task Topics_can_be_asked_for_by_id_and_unknown_ids_get_UNKNOWN_TOPIC_ID()
    {
        var id = _kafka.Broker.Topics.Find("existing")!.TopicId;
        var response = await MetadataAsync(12, new MetadataRequest
        {
            Topics = [new() { Name = null, TopicId = id }, new() { Name = null, TopicId = Guid.NewGuid() }],
        });

        Assert.Equal(("existing", (short)0), (response.Topics[0].Name, response.Topics[0].ErrorCode));
        Assert.Equal((null, (short)ErrorCode.UnknownTopicId), (response.Topics[1].Name, response.Topics[1].ErrorCode));
    }

    [Fact]
    public async Task Authorized_operations_are_sent_only_when_asked_for()
    {
        var response = await MetadataAsync(10, new MetadataRequest
        {
            Topics = null,
            IncludeClusterAuthorizedOperations = true,
            IncludeTopicAuthorizedOperations = true,
        });
        Assert.NotEqual(int.MinValue, response.ClusterAuthorizedOperations);
        Assert.NotEqual(int.MinValue, Assert.Single(response.Topics).TopicAuthorizedOperations);
    }
}
