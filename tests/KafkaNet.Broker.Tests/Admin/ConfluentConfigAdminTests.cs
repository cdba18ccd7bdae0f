using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Topic and broker configs through librdkafka's AdminClient, end to end over loopback.</summary>
public sealed class ConfluentConfigAdminTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;
    private IAdminClient _admin = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Configure = o => o.TopicConfigDefaults["log.retention.ms"] = "3600000",
        });
        _admin = AdminClients.Create(_kafka);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _kafka.DisposeAsync();
    }

    private static ConfigResource Topic(string name) => new() { Type = ResourceType.Topic, Name = name };

    private async Task<Dictionary<string, ConfigEntryResult>> DescribeAsync(ConfigResource resource)
    {
        var results = await _admin.DescribeConfigsAsync([resource], new DescribeConfigsOptions { RequestTimeout = AdminClients.Timeout });
        return Assert.Single(results).Entries;
    }

    [Fact]
    public async Task Topic_configs_report_values_and_sources()
    {
        await _admin.CreateTopicAsync("described", configs: new Dictionary<string, string> { ["cleanup.policy"] = "compact" });

        var entries = await DescribeAsync(Topic("described"));

        Assert.Equal(("compact", ConfigSource.DynamicTopicConfig), (entries["cleanup.policy"].Value, entries["cleanup.policy"].Source));
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (entries["retention.ms"].Value, entries["retention.ms"].Source));
        Assert.Equal(("1073741824", ConfigSource.DefaultConfig), (entries["segment.bytes"].Value, entries["segment.bytes"].Source));
        Assert.Equal("3600000", entries["message.timestamp.after.max.ms"].Value);
        Assert.False(entries["retention.ms"].IsReadOnly);
        Assert.False(entries["retention.ms"].IsSensitive);
        Assert.Equal(
            [ConfigSource.StaticBrokerConfig, ConfigSource.DefaultConfig],
            entries["retention.ms"].Synonyms.Select(s => s.Source));
        Assert.Equal(TopicConfigCount, entries.Count);
    }

    private static int TopicConfigCount => KafkaNet.Broker.Configs.TopicConfigs.All.Count;

    [Fact]
    public async Task Broker_configs_include_identity_and_topic_defaults()
    {
        var entries = await DescribeAsync(new ConfigResource { Type = ResourceType.Broker, Name = "1" });

        Assert.Equal("1", entries["node.id"].Value);
        Assert.Equal("1", entries["num.partitions"].Value);
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (entries["log.retention.ms"].Value, entries["log.retention.ms"].Source));
        Assert.Equal(("delete", ConfigSource.DefaultConfig), (entries["log.cleanup.policy"].Value, entries["log.cleanup.policy"].Source));
    }

    [Fact]
    public async Task Unknown_topic_gets_UnknownTopicOrPart()
    {
        var error = await Assert.ThrowsAsync<DescribeConfigsException>(() =>
            _admin.DescribeConfigsAsync([Topic("missing")], new DescribeConfigsOptions { RequestTimeout = AdminClients.Timeout }));
        Assert.Equal(ErrorCode.UnknownTopicOrPart, Assert.Single(error.Results).Error.Code);
    }

    [Fact]
    public async Task AlterConfigs_replaces_the_whole_override_set()
    {
        await _admin.CreateTopicAsync("replaced", configs: new Dictionary<string, string> { ["retention.ms"] = "1000", ["segment.ms"] = "2000" });

#pragma warning disable CS0618 // AlterConfigs is deprecated in clients but still served by Kafka; it must keep working.
        await _admin.AlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>> { [Topic("replaced")] = [new ConfigEntry { Name = "max.message.bytes", Value = "4096" }] },
            new AlterConfigsOptions { RequestTimeout = AdminClients.Timeout });
#pragma warning restore CS0618

        var entries = await DescribeAsync(Topic("replaced"));
        Assert.Equal(("4096", ConfigSource.DynamicTopicConfig), (entries["max.message.bytes"].Value, entries["max.message.bytes"].Source));
        Assert.Equal(ConfigSource.StaticBrokerConfig, entries["retention.ms"].Source);
        Assert.Equal(("604800000", ConfigSource.DefaultConfig), (entries["segment.ms"].Value, entries["segment.ms"].Source));
    }

    [Fact]
    public async Task IncrementalAlterConfigs_sets_deletes_appends_and_subtracts()
    {
        await _admin.CreateTopicAsync("incremental");

        await AlterAsync("incremental", ("cleanup.policy", "compact", AlterConfigOpType.Append), ("retention.ms", "5000", AlterConfigOpType.Set));
        var afterAppend = await DescribeAsync(Topic("incremental"));
        Assert.Equal("delete,compact", afterAppend["cleanup.policy"].Value);
        Assert.Equal(("5000", ConfigSource.DynamicTopicConfig), (afterAppend["retention.ms"].Value, afterAppend["retention.ms"].Source));

        await AlterAsync("incremental", ("cleanup.policy", "delete", AlterConfigOpType.Subtract), ("retention.ms", null, AlterConfigOpType.Delete));
        var afterSubtract = await DescribeAsync(Topic("incremental"));
        Assert.Equal("compact", afterSubtract["cleanup.policy"].Value);
        Assert.Equal(("3600000", ConfigSource.StaticBrokerConfig), (afterSubtract["retention.ms"].Value, afterSubtract["retention.ms"].Source));
    }

    [Theory]
    [InlineData("retention.ms", "soon", AlterConfigOpType.Set)]
    [InlineData("segment.bytes", "100", AlterConfigOpType.Set)]
    [InlineData("retention.ms", "5", AlterConfigOpType.Append)]
    [InlineData("cleanup.policy", "shred", AlterConfigOpType.Append)]
    public async Task Invalid_incremental_changes_get_InvalidConfig_and_change_nothing(string name, string value, AlterConfigOpType op)
    {
        await _admin.CreateTopicAsync("guarded");

        var error = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => AlterAsync("guarded", (name, value, op)));

        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(error.Results).Error.Code);
        Assert.Empty(_kafka.Broker.Topics.Find("guarded")!.Configs);
    }

    [Fact]
    public async Task Validate_only_alteration_changes_nothing()
    {
        await _admin.CreateTopicAsync("unchanged");

        await _admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [Topic("unchanged")] = [new ConfigEntry { Name = "retention.ms", Value = "1", IncrementalOperation = AlterConfigOpType.Set }],
            },
            new IncrementalAlterConfigsOptions { ValidateOnly = true, RequestTimeout = AdminClients.Timeout });

        Assert.Empty(_kafka.Broker.Topics.Find("unchanged")!.Configs);
    }

    private Task AlterAsync(string topic, params (string Name, string? Value, AlterConfigOpType Op)[] changes) =>
        _admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [Topic(topic)] = changes.Select(c => new ConfigEntry { Name = c.Name, Value = c.Value, IncrementalOperation = c.Op }).ToList(),
            },
            new IncrementalAlterConfigsOptions { RequestTimeout = AdminClients.Timeout });
}
