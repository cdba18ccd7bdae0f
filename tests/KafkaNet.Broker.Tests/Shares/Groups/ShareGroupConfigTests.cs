using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>share.* group configs set with IncrementalAlterConfigs, read with DescribeConfigs, and in force.</summary>
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

    private static async Task<(short, string?)> AlterAsync(ShareGroupNode node, string group, params (string Name, string Value)[] configs)
    {
        var result = await SendAlterAsync(node, group,
            [.. configs.Select(c => new IncrementalAlterConfigsRequest.AlterableConfig { Name = c.Name, ConfigOperation = 0, Value = c.Value })]);
        return (result.ErrorCode, result.ErrorMessage);
    }

    private static async Task<IncrementalAlterConfigsResponse.AlterConfigsResourceResponse> SendAlterAsync(
        ShareGroupNode node, string group, List<IncrementalAlterConfigsRequest.AlterableConfig> configs)
    {
        var response = await node.SendAsync<IncrementalAlterConfigsResponse>(IncrementalAlterConfigsRequest.ApiKey, 1, new IncrementalAlterConfigsRequest
        {
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
