using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Admin API versions and fields that librdkafka does not send: raw requests, decoded responses.</summary>
public sealed class AdminWireTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task CreateTopics_v7_returns_topic_id_partitions_replication_and_configs()
    {
        var request = new CreateTopicsRequest
        {
            Topics =
            [
                new()
                {
                    Name = "v7", NumPartitions = -1, ReplicationFactor = -1,
                    Configs = [new() { Name = "retention.ms", Value = "1234" }],
                },
                new() { Name = "zero", NumPartitions = 0, ReplicationFactor = 1 },
                new() { Name = "assigned", NumPartitions = -1, ReplicationFactor = -1, Assignments = [new() { PartitionIndex = 0, BrokerIds = [2] }] },
            ],
        };

        var response = await WireExchange.SendAsync<CreateTopicsResponse>(_kafka.Port, CreateTopicsRequest.ApiKey, 7, request, flexible: true);

        var created = response.Topics[0];
        Assert.Equal((0, (string?)null), (created.ErrorCode, created.ErrorMessage));
        Assert.Equal(_kafka.Broker.Topics.Find("v7")!.TopicId, created.TopicId);
        Assert.Equal((1, (short)1), (created.NumPartitions, created.ReplicationFactor));
        var retention = Assert.Single(created.Configs!, c => c.Name == "retention.ms");
        Assert.Equal(("1234", (sbyte)ConfigSource.TopicConfig), (retention.Value, retention.ConfigSource));
        Assert.Equal((short)ErrorCode.InvalidPartitions, response.Topics[1].ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidReplicaAssignment, response.Topics[2].ErrorCode);
    }

    [Fact]
    public async Task A_topic_created_as_a_dead_letter_topic_describes_so_and_the_default_is_false()
    {
        var request = new CreateTopicsRequest
        {
            Topics =
            [
                new() { Name = "dlq.orders", NumPartitions = 1, ReplicationFactor = 1, Configs = [new() { Name = "errors.deadletterqueue.group.enable", Value = "true" }] },
                new() { Name = "orders", NumPartitions = 1, ReplicationFactor = 1 },
            ],
        };
        var created = await WireExchange.SendAsync<CreateTopicsResponse>(_kafka.Port, CreateTopicsRequest.ApiKey, 7, request, flexible: true);
        Assert.All(created.Topics, t => Assert.Equal(0, t.ErrorCode));

        var described = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, 4,
            new DescribeConfigsRequest
            {
                Resources =
                [
                    new() { ResourceType = 2, ResourceName = "dlq.orders", ConfigurationKeys = ["errors.deadletterqueue.group.enable"] },
                    new() { ResourceType = 2, ResourceName = "orders", ConfigurationKeys = ["errors.deadletterqueue.group.enable"] },
                ],
            },
            flexible: true);

        Assert.Equal(
            [("dlq.orders", "true", (sbyte)ConfigSource.TopicConfig), ("orders", "false", (sbyte)ConfigSource.DefaultConfig)],
            described.Results.Select(r => (r.ResourceName, Assert.Single(r.Configs).Value, Assert.Single(r.Configs).ConfigSource)));
        Assert.Equal("true", _kafka.Broker.Topics.Find("dlq.orders")!.Configs["errors.deadletterqueue.group.enable"]);
    }

    [Fact]
    public async Task An_existing_topic_can_be_marked_as_a_dead_letter_topic_and_a_bad_value_is_refused()
    {
        _kafka.CreateTopic(new TopicSpec("dlq.marked", 1, 1, []));

        var marked = await AlterTopicAsync("dlq.marked", "errors.deadletterqueue.group.enable", "true");
        var refused = await AlterTopicAsync("dlq.marked", "errors.deadletterqueue.group.enable", "yes");

        Assert.Equal(((short)0, (string?)null), (marked.ErrorCode, marked.ErrorMessage));
        Assert.Equal((short)ErrorCode.InvalidConfig, refused.ErrorCode);
        Assert.Equal("true", _kafka.Broker.Topics.Find("dlq.marked")!.Configs["errors.deadletterqueue.group.enable"]);
    }

    [Fact]
    public async Task DeleteTopics_v6_deletes_by_id_and_reports_unknown_ids()
    {
        var topic = _kafka.CreateTopic(new TopicSpec("by-id", 1, 1, [])).Topic!;
        var request = new DeleteTopicsRequest { Topics = [new() { TopicId = topic.TopicId }, new() { TopicId = Guid.NewGuid() }] };

        var response = await WireExchange.SendAsync<DeleteTopicsResponse>(_kafka.Port, DeleteTopicsRequest.ApiKey, 6, request, flexible: true);

        Assert.Equal(("by-id", (short)0), (response.Responses[0].Name, response.Responses[0].ErrorCode));
        Assert.Equal((short)ErrorCode.UnknownTopicId, response.Responses[1].ErrorCode);
        Assert.Null(_kafka.Broker.Topics.Find("by-id"));
    }

    [Fact]
    public async Task DescribeTopicPartitions_pages_with_a_cursor()
    {
        _kafka.CreateTopic(new TopicSpec("a", 3, 1, []));
        _kafka.CreateTopic(new TopicSpec("b", 2, 1, []));
        var seen = new List<(string?, int)>();
        DescribeTopicPartitionsRequest.CursorData? cursor = null;
        for (int page = 0; page < 10; page++)
        {
            var response = await WireExchange.SendAsync<DescribeTopicPartitionsResponse>(_kafka.Port, DescribeTopicPartitionsRequest.ApiKey, 0,
                new DescribeTopicPartitionsRequest { Topics = [new() { Name = "b" }, new() { Name = "a" }, new() { Name = "ghost" }], ResponsePartitionLimit = 2, Cursor = cursor },
                flexible: true);
            seen.AddRange(response.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p.PartitionIndex))));
            Assert.All(response.Topics.Where(t => t.Name == "ghost"), t => Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, t.ErrorCode));
            if (response.NextCursor is null)
            {
                break;
            }
            cursor = new() { TopicName = response.NextCursor.TopicName, PartitionIndex = response.NextCursor.PartitionIndex };
        }
        Assert.Equal([("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1)], seen);
    }

    [Fact]
    public async Task DescribeCluster_v1_refuses_controller_endpoints_and_v2_reports_unfenced_broker()
    {
        var controllers = await WireExchange.SendAsync<DescribeClusterResponse>(_kafka.Port, DescribeClusterRequest.ApiKey, 1,
            new DescribeClusterRequest { EndpointType = 2 }, flexible: true);
        var brokers = await WireExchange.SendAsync<DescribeClusterResponse>(_kafka.Port, DescribeClusterRequest.ApiKey, 2,
            new DescribeClusterRequest { EndpointType = 1, IncludeFencedBrokers = true }, flexible: true);

        Assert.Equal((short)ErrorCode.MismatchedEndpointType, controllers.ErrorCode);
        Assert.Equal(0, brokers.ErrorCode);
        Assert.Equal(int.MinValue, brokers.ClusterAuthorizedOperations);
        Assert.False(Assert.Single(brokers.Brokers).IsFenced);
    }

    private async Task<IncrementalAlterConfigsResponse.AlterConfigsResourceResponse> AlterTopicAsync(string topic, string name, string value)
    {
        var response = await WireExchange.SendAsync<IncrementalAlterConfigsResponse>(_kafka.Port, IncrementalAlterConfigsRequest.ApiKey, 1,
            new IncrementalAlterConfigsRequest
            {
                Resources = [new() { ResourceType = 2, ResourceName = topic, Configs = [new() { Name = name, ConfigOperation = 0, Value = value }] }],
            },
            flexible: true);
        return Assert.Single(response.Responses);
    }

    [Fact]
    public async Task DescribeConfigs_v4_sends_config_types_and_only_the_keys_asked_for()
    {
        _kafka.CreateTopic(new TopicSpec("typed", 1, 1, []));
        var response = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, 4,
            new DescribeConfigsRequest
            {
                Resources = [new() { ResourceType = 2, ResourceName = "typed", ConfigurationKeys = ["cleanup.policy", "preallocate", "nonsense"] }],
            },
            flexible: true);

        var configs = Assert.Single(response.Results).Configs;
        Assert.Equal(
            [("cleanup.policy", (sbyte)ConfigType.List), ("preallocate", (sbyte)ConfigType.Boolean)],
            configs.Select(c => (c.Name, c.ConfigType)));
        Assert.All(configs, c => Assert.Empty(c.Synonyms));
        Assert.All(configs, c => Assert.Null(c.Documentation));
    }
}
