using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>share.* and errors.deadletterqueue.* group configs set with IncrementalAlterConfigs, read with DescribeConfigs, and in force.</summary>
public sealed class ShareGroupConfigTests
{
    private const sbyte Group = (sbyte)ConfigResourceType.Group;

    [Fact]
    public async Task Group_configs_are_set_described_used_and_kept_across_a_restart()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-configured", 1);

        var altered = await AlterAsync(node, "sg-config",
            ("share.heartbeat.interval.ms", "7000"), ("share.auto.offset.reset", "earliest"), ("share.record.lock.duration.ms", "20000"),
            ("share.delivery.count.limit", "3"), ("share.key.ordered.enable", "true"), ("share.isolation.level", "read_committed"));
        Assert.Equal(((short)0, null), altered);

        var joined = await node.HeartbeatAsync(ShareGroupNode.Join("sg-config", "member-a", "sg-configured"));
        Assert.Equal(7000, joined.HeartbeatIntervalMs);
        var view = node.Kafka.Broker.ShareGroupView!;
        Assert.True(view.StartsAtEarliest("sg-config"));
        Assert.False(view.StartsAtEarliest("sg-unconfigured"));
        var config = view.ConfigOf("sg-config");
        Assert.Equal((20000L, 3, 2000, true), (config.RecordLockDurationMs, config.DeliveryCountLimit, config.MaxRecordLocks, config.KeyOrdered));

        Assert.Equal(
            [
                "errors.deadletterqueue.copy.record.enable=false DEFAULT_CONFIG",
                "errors.deadletterqueue.topic.name= DEFAULT_CONFIG",
                "share.auto.offset.reset=earliest GROUP_CONFIG",
                "share.delivery.count.limit=3 GROUP_CONFIG",
                "share.heartbeat.interval.ms=7000 GROUP_CONFIG",
                "share.isolation.level=read_committed GROUP_CONFIG",
                "share.key.ordered.enable=true GROUP_CONFIG",
                "share.record.lock.duration.ms=20000 GROUP_CONFIG",
                "share.session.timeout.ms=45000 DEFAULT_CONFIG",
            ],
            await DescribeAsync(node, "sg-config"));

        await node.RestartAsync();
        Assert.Contains("share.heartbeat.interval.ms=7000 GROUP_CONFIG", await DescribeAsync(node, "sg-config"));
        Assert.Equal(7000, (await node.HeartbeatAsync(ShareGroupNode.Join("sg-config", "member-b", "sg-configured"))).HeartbeatIntervalMs);

        var deleted = await SendAlterAsync(node, "sg-config", [new() { Name = "share.heartbeat.interval.ms", ConfigOperation = 1, Value = null }]);
        Assert.Equal(0, deleted.ErrorCode);
        Assert.Contains("share.heartbeat.interval.ms=5000 DEFAULT_CONFIG", await DescribeAsync(node, "sg-config"));
    }

    [Theory]
    [InlineData("share.session.timeout.ms", "1000", "Invalid value 1000 for configuration share.session.timeout.ms: share.session.timeout.ms must be greater than or equal to group.share.min.session.timeout.ms 45000")]
    [InlineData("share.heartbeat.interval.ms", "16000", "Invalid value 16000 for configuration share.heartbeat.interval.ms: share.heartbeat.interval.ms must be less than or equal to group.share.max.heartbeat.interval.ms 15000")]
    [InlineData("share.auto.offset.reset", "middle", "Invalid value middle for configuration share.auto.offset.reset: Invalid value middle: must be latest, earliest or by_duration:<ISO-8601 duration>")]
    [InlineData("share.isolation.level", "dirty", "Invalid value dirty for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted")]
    [InlineData("share.bogus", "1", "Unknown group config name: share.bogus")]
    public async Task Values_out_of_bounds_and_unknown_names_are_refused(string name, string value, string message)
    {
        await using var node = await ShareGroupNode.StartAsync();

        var refused = await AlterAsync(node, "sg-bad-config", (name, value));

        Assert.Equal(((short)ErrorCode.InvalidConfig, message), refused);
        Assert.Contains("share.session.timeout.ms=45000 DEFAULT_CONFIG", await DescribeAsync(node, "sg-bad-config"));
    }

    [Fact]
    public async Task A_duration_reset_is_accepted()
    {
        await using var node = await ShareGroupNode.StartAsync();

        var altered = await AlterAsync(node, "sg-duration", ("share.auto.offset.reset", "by_duration:PT1H"));

        Assert.Equal(((short)0, null), altered);
        Assert.False(node.Kafka.Broker.ShareGroupView!.StartsAtEarliest("sg-duration"));
    }

    [Fact]
    public async Task A_delivery_count_limit_below_the_minimum_is_refused_and_the_stored_configs_stay()
    {
        await using var node = await ShareGroupNode.StartAsync();
        Assert.Equal(((short)0, null), await AlterAsync(node, "sg-limit", ("share.delivery.count.limit", "3")));

        var refused = await AlterAsync(node, "sg-limit", ("share.delivery.count.limit", "0"), ("share.isolation.level", "read_committed"));

        Assert.Equal(((short)ErrorCode.InvalidConfig,
            "Invalid value 0 for configuration share.delivery.count.limit: share.delivery.count.limit must be greater than or equal to group.share.min.delivery.count.limit 2"),
            refused);
        var described = await DescribeAsync(node, "sg-limit");
        Assert.Contains("share.delivery.count.limit=3 GROUP_CONFIG", described);
        Assert.Contains("share.isolation.level=read_uncommitted DEFAULT_CONFIG", described);
        Assert.Equal(3, node.Kafka.Broker.ShareGroupView!.ConfigOf("sg-limit").DeliveryCountLimit);
    }

    [Fact]
    public async Task Dead_letter_configs_default_to_none_and_no_copy()
    {
        await using var node = await ShareGroupNode.StartAsync();

        var described = await DescribeAsync(node, "sg-no-dlq");

        Assert.Contains("errors.deadletterqueue.topic.name= DEFAULT_CONFIG", described);
        Assert.Contains("errors.deadletterqueue.copy.record.enable=false DEFAULT_CONFIG", described);
        var config = node.Kafka.Broker.ShareGroupView!.ConfigOf("sg-no-dlq");
        Assert.Equal((null, false), (config.DeadLetterTopic, config.DeadLetterCopyRecord));
    }

    [Fact]
    public async Task A_prefixed_topic_enabled_for_dead_letters_is_accepted_and_reaches_the_share_partitions()
    {
        await using var node = await ShareGroupNode.StartAsync();
        CreateDeadLetterTopic(node, "dlq.orders", enabled: true);

        var altered = await AlterAsync(node, "sg-dlq", ("errors.deadletterqueue.topic.name", "dlq.orders"), ("errors.deadletterqueue.copy.record.enable", "TRUE"));

        Assert.Equal(((short)0, null), altered);
        var described = await DescribeAsync(node, "sg-dlq");
        Assert.Contains("errors.deadletterqueue.topic.name=dlq.orders GROUP_CONFIG", described);
        Assert.Contains("errors.deadletterqueue.copy.record.enable=TRUE GROUP_CONFIG", described);
        var config = node.Kafka.Broker.ShareGroupView!.ConfigOf("sg-dlq");
        Assert.Equal(("dlq.orders", true), (config.DeadLetterTopic, config.DeadLetterCopyRecord));
    }

    [Theory]
    [InlineData("dlq.plain", "DLQ is not enabled on configured DLQ topic for share group: sg-refused, topic: dlq.plain.")]
    [InlineData("orders.dead", "Configured DLQ topic name does not comply with the DLQ topic prefix in share group: sg-refused, topic: orders.dead, prefix: dlq..")]
    [InlineData("__dlq.internal", "Configured DLQ topic name in share group: sg-refused cannot start with __, topic: __dlq.internal.")]
    [InlineData("dlq.missing", "DLQ topic does not exist and auto create is disabled on cluster for share group: sg-refused, topic: dlq.missing.")]
    public async Task A_dead_letter_topic_the_broker_would_not_write_is_refused_and_nothing_is_stored(string topic, string message)
    {
        await using var node = await ShareGroupNode.StartAsync();
        CreateDeadLetterTopic(node, "dlq.plain", enabled: false);
        CreateDeadLetterTopic(node, "orders.dead", enabled: true);

        var validated = await SendAlterAsync(node, "sg-refused", [DeadLetterTopic(topic)], validateOnly: true);
        var refused = await AlterAsync(node, "sg-refused", ("errors.deadletterqueue.topic.name", topic));

        Assert.Equal(((short)ErrorCode.InvalidConfig, message), (validated.ErrorCode, validated.ErrorMessage));
        Assert.Equal(((short)ErrorCode.InvalidConfig, message), refused);
        Assert.Contains("errors.deadletterqueue.topic.name= DEFAULT_CONFIG", await DescribeAsync(node, "sg-refused"));
        Assert.Null(node.Kafka.Broker.ShareGroupView!.ConfigOf("sg-refused").DeadLetterTopic);
    }

    [Fact]
    public async Task A_missing_dead_letter_topic_is_accepted_when_the_broker_creates_them()
    {
        await using var node = await ShareGroupNode.StartAsync(o => o.ShareGroups.DeadLetterAutoCreateTopics = true);

        var validated = await SendAlterAsync(node, "sg-later", [DeadLetterTopic("dlq.later")], validateOnly: true);
        Assert.Equal(0, validated.ErrorCode);
        Assert.Contains("errors.deadletterqueue.topic.name= DEFAULT_CONFIG", await DescribeAsync(node, "sg-later"));

        var altered = await AlterAsync(node, "sg-later", ("errors.deadletterqueue.topic.name", "dlq.later"));

        Assert.Equal(((short)0, null), altered);
        Assert.Null(node.Kafka.Broker.Topics.Find("dlq.later"));
        Assert.Equal("dlq.later", node.Kafka.Broker.ShareGroupView!.ConfigOf("sg-later").DeadLetterTopic);
    }

    private static void CreateDeadLetterTopic(ShareGroupNode node, string name, bool enabled) =>
        node.Kafka.CreateTopic(new TopicSpec(name, 1, 1, [new("errors.deadletterqueue.group.enable", enabled ? "true" : "false")]));

    private static IncrementalAlterConfigsRequest.AlterableConfig DeadLetterTopic(string topic) =>
        new() { Name = "errors.deadletterqueue.topic.name", ConfigOperation = 0, Value = topic };

    private static async Task<(short, string?)> AlterAsync(ShareGroupNode node, string group, params (string Name, string Value)[] configs)
    {
        var result = await SendAlterAsync(node, group,
            [.. configs.Select(c => new IncrementalAlterConfigsRequest.AlterableConfig { Name = c.Name, ConfigOperation = 0, Value = c.Value })]);
        return (result.ErrorCode, result.ErrorMessage);
    }

    private static async Task<IncrementalAlterConfigsResponse.AlterConfigsResourceResponse> SendAlterAsync(
        ShareGroupNode node, string group, List<IncrementalAlterConfigsRequest.AlterableConfig> configs, bool validateOnly = false)
    {
        var response = await node.SendAsync<IncrementalAlterConfigsResponse>(IncrementalAlterConfigsRequest.ApiKey, 1, new IncrementalAlterConfigsRequest
        {
            ValidateOnly = validateOnly,
            Resources = [new IncrementalAlterConfigsRequest.AlterConfigsResource { ResourceType = Group, ResourceName = group, Configs = configs }],
        });
        return Assert.Single(response.Responses);
    }

    private static async Task<List<string>> DescribeAsync(ShareGroupNode node, string group)
    {
        var response = await node.SendAsync<DescribeConfigsResponse>(DescribeConfigsRequest.ApiKey, 4, new DescribeConfigsRequest
        {
            Resources = [new DescribeConfigsRequest.DescribeConfigsResource { ResourceType = Group, ResourceName = group, ConfigurationKeys = null }],
        });
        var result = Assert.Single(response.Results);
        Assert.Equal(0, result.ErrorCode);
        return [.. result.Configs.Select(c => $"{c.Name}={c.Value} {SourceName(c.ConfigSource)}").Order(StringComparer.Ordinal)];
    }

    private static string SourceName(sbyte source) => (ConfigSource)source switch
    {
        ConfigSource.GroupConfig => "GROUP_CONFIG",
        ConfigSource.DefaultConfig => "DEFAULT_CONFIG",
        var other => other.ToString(),
    };
}
