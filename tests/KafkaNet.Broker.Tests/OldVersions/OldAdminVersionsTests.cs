using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>The admin API versions Kafka 4 removed: CreateTopics 0-1, DeleteTopics 0, DescribeConfigs 0, DescribeLogDirs 0.</summary>
public sealed class OldAdminVersionsTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task CreateTopics_v0_creates_the_topic_and_answers_a_second_try_with_TOPIC_ALREADY_EXISTS()
    {
        using var session = await Network.WireSession.OpenAsync(_kafka.Port);
        var request = new CreateTopicsRequest { Topics = [new() { Name = "v0-created", NumPartitions = 3, ReplicationFactor = 1 }], TimeoutMs = 5000 };

        var first = await session.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, 0, request, flexible: false);
        var second = await session.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, 0, request, flexible: false);

        Assert.Equal(("v0-created", (short)0), (first.Topics[0].Name, first.Topics[0].ErrorCode));
        Assert.Equal(3, _kafka.Broker.Topics.Find("v0-created")!.PartitionCount);
        Assert.Equal((short)ErrorCode.TopicAlreadyExists, second.Topics[0].ErrorCode);
    }

    [Fact]
    public async Task CreateTopics_v1_validate_only_reports_success_without_creating_and_errors_carry_messages()
    {
        var request = new CreateTopicsRequest
        {
            Topics =
            [
                new() { Name = "v1-validated", NumPartitions = 2, ReplicationFactor = 1 },
                new() { Name = "v1-bad", NumPartitions = 0, ReplicationFactor = 1 },
            ],
            TimeoutMs = 5000,
            ValidateOnly = true,
        };

        var response = await WireExchange.SendAsync<CreateTopicsResponse>(_kafka.Port, CreateTopicsRequest.ApiKey, 1, request, flexible: false);

        Assert.Equal(0, response.Topics[0].ErrorCode);
        Assert.Null(_kafka.Broker.Topics.Find("v1-validated"));
        Assert.Equal((short)ErrorCode.InvalidPartitions, response.Topics[1].ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Topics[1].ErrorMessage));
    }

    [Fact]
    public async Task DeleteTopics_v0_deletes_by_name_and_answers_unknown_names_with_UNKNOWN_TOPIC_OR_PARTITION()
    {
        _kafka.CreateTopic(new TopicSpec("v0-doomed", 1, 1, []));
        var request = new DeleteTopicsRequest { TopicNames = ["v0-doomed", "v0-never"], TimeoutMs = 5000 };

        var response = await WireExchange.SendAsync<DeleteTopicsResponse>(_kafka.Port, DeleteTopicsRequest.ApiKey, 0, request, flexible: false);

        Assert.Equal([("v0-doomed", (short)0), ("v0-never", (short)ErrorCode.UnknownTopicOrPartition)],
            response.Responses.Select(r => (r.Name, r.ErrorCode)));
        Assert.Null(_kafka.Broker.Topics.Find("v0-doomed"));
    }

    [Fact]
    public async Task DescribeConfigs_v0_marks_only_default_sourced_entries_as_default_and_sends_no_synonyms()
    {
        _kafka.CreateTopic(new TopicSpec("v0-configured", 1, 1, [new("retention.ms", "12345")]));
        var request = new DescribeConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = "v0-configured", ConfigurationKeys = ["retention.ms", "cleanup.policy"] }],
        };

        var response = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, 0, request, flexible: false);

        var result = Assert.Single(response.Results);
        Assert.Equal(0, result.ErrorCode);
        var configs = result.Configs.ToDictionary(c => c.Name);
        Assert.Equal(("12345", false), (configs["retention.ms"].Value, configs["retention.ms"].IsDefault));
        Assert.Equal(("delete", true), (configs["cleanup.policy"].Value, configs["cleanup.policy"].IsDefault));
        Assert.All(result.Configs, c => Assert.Empty(c.Synonyms));
    }

    [Fact]
    public async Task DescribeConfigs_v0_of_an_unknown_topic_gets_UNKNOWN_TOPIC_OR_PARTITION()
    {
        var request = new DescribeConfigsRequest { Resources = [new() { ResourceType = 2, ResourceName = "v0-missing", ConfigurationKeys = null }] };

        var response = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, 0, request, flexible: false);

        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, Assert.Single(response.Results).ErrorCode);
    }

    [Fact]
    public async Task DescribeLogDirs_v0_lists_the_requested_partitions_in_the_one_dir()
    {
        _kafka.CreateTopic(new TopicSpec("v0-dirs", 2, 1, []));
        var request = new DescribeLogDirsRequest { Topics = [new() { Topic = "v0-dirs", Partitions = [1, 7] }] };

        var response = await WireExchange.SendAsync<DescribeLogDirsResponse>(_kafka.Port, DescribeLogDirsRequest.ApiKey, 0, request, flexible: false);

        var dir = Assert.Single(response.Results);
        Assert.Equal(Path.GetFullPath(_kafka.DataDirectory), dir.LogDir);
        var topic = Assert.Single(dir.Topics);
        Assert.Equal([1], topic.Partitions.Select(p => p.PartitionIndex));
        Assert.Equal(0, topic.Partitions[0].PartitionSize);
    }
}
