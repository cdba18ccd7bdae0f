using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

public sealed class TopicConfigTests
{
    [Fact]
    public void Every_default_passes_its_own_validation()
    {
        foreach (var definition in TopicConfigs.All)
        {
            Assert.Null(definition.Check(definition.DefaultValue));
        }
    }

    [Theory]
    [InlineData("cleanup.policy", "delete", ConfigType.List)]
    [InlineData("compression.type", "producer", ConfigType.String)]
    [InlineData("compression.gzip.level", "-1", ConfigType.Int)]
    [InlineData("compression.lz4.level", "9", ConfigType.Int)]
    [InlineData("compression.zstd.level", "3", ConfigType.Int)]
    [InlineData("delete.retention.ms", "86400000", ConfigType.Long)]
    [InlineData("file.delete.delay.ms", "60000", ConfigType.Long)]
    [InlineData("flush.messages", "9223372036854775807", ConfigType.Long)]
    [InlineData("flush.ms", "9223372036854775807", ConfigType.Long)]
    [InlineData("index.interval.bytes", "4096", ConfigType.Int)]
    [InlineData("max.compaction.lag.ms", "9223372036854775807", ConfigType.Long)]
    [InlineData("max.message.bytes", "1048588", ConfigType.Int)]
    [InlineData("message.timestamp.type", "CreateTime", ConfigType.String)]
    [InlineData("message.timestamp.before.max.ms", "9223372036854775807", ConfigType.Long)]
    [InlineData("message.timestamp.after.max.ms", "3600000", ConfigType.Long)]
    [InlineData("min.cleanable.dirty.ratio", "0.5", ConfigType.Double)]
    [InlineData("min.compaction.lag.ms", "0", ConfigType.Long)]
    [InlineData("min.insync.replicas", "1", ConfigType.Int)]
    [InlineData("preallocate", "false", ConfigType.Boolean)]
    [InlineData("retention.bytes", "-1", ConfigType.Long)]
    [InlineData("retention.ms", "604800000", ConfigType.Long)]
    [InlineData("segment.bytes", "1073741824", ConfigType.Int)]
    [InlineData("segment.index.bytes", "10485760", ConfigType.Int)]
    [InlineData("segment.jitter.ms", "0", ConfigType.Long)]
    [InlineData("segment.ms", "604800000", ConfigType.Long)]
    [InlineData("unclean.leader.election.enable", "false", ConfigType.Boolean)]
    [InlineData("remote.storage.enable", "false", ConfigType.Boolean)]
    [InlineData("local.retention.ms", "-2", ConfigType.Long)]
    [InlineData("local.retention.bytes", "-2", ConfigType.Long)]
    [InlineData("errors.deadletterqueue.group.enable", "false", ConfigType.Boolean)]
    public void Configs_have_Kafka_defaults_and_types(string name, string expectedDefault, ConfigType expectedType)
    {
        var definition = TopicConfigs.Find(name);
        Assert.NotNull(definition);
        Assert.Equal(expectedDefault, definition.DefaultValue);
        Assert.Equal(expectedType, definition.Type);
    }

    [Theory]
    [InlineData("cleanup.policy", "compact,delete")]
    [InlineData("cleanup.policy", "compact")]
    [InlineData("compression.type", "zstd")]
    [InlineData("compression.gzip.level", "9")]
    [InlineData("compression.zstd.level", "-5")]
    [InlineData("retention.ms", "-1")]
    [InlineData("retention.bytes", "-1")]
    [InlineData("min.cleanable.dirty.ratio", "1")]
    [InlineData("preallocate", "TRUE")]
    [InlineData("message.timestamp.type", "LogAppendTime")]
    [InlineData("segment.bytes", "1048576")]
    [InlineData("max.message.bytes", " 2048 ")]
    public void Valid_values_pass(string name, string value) => Assert.False(TopicConfigs.Validate(name, value).IsError);

    [Theory]
    [InlineData("retention.ms", "abc")]
    [InlineData("retention.ms", "-2")]
    [InlineData("retention.ms", "99999999999999999999")]
    [InlineData("max.message.bytes", "1.5")]
    [InlineData("segment.bytes", "14")]
    [InlineData("segment.ms", "0")]
    [InlineData("cleanup.policy", "delete,forever")]
    [InlineData("compression.type", "brotli")]
    [InlineData("compression.gzip.level", "0")]
    [InlineData("compression.lz4.level", "18")]
    [InlineData("min.cleanable.dirty.ratio", "1.5")]
    [InlineData("min.cleanable.dirty.ratio", "NaN")]
    [InlineData("preallocate", "yes")]
    [InlineData("errors.deadletterqueue.group.enable", "on")]
    [InlineData("message.timestamp.type", "createtime")]
    [InlineData("min.insync.replicas", "0")]
    [InlineData("local.retention.ms", "-3")]
    public void Invalid_values_get_INVALID_CONFIG_naming_the_config(string name, string value)
    {
        var error = TopicConfigs.Validate(name, value);
        Assert.Equal(ErrorCode.InvalidConfig, error.Code);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Invalid value {value} for configuration {name}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_config_names_get_INVALID_CONFIG()
    {
        var error = TopicConfigs.Validate("retention.days", "7");
        Assert.Equal(ErrorCode.InvalidConfig, error.Code);
        Assert.Equal("Unknown topic config name: retention.days", error.Message);
    }

    [Fact]
    public void Null_values_get_INVALID_CONFIG() =>
        Assert.Equal(ErrorCode.InvalidConfig, TopicConfigs.Validate("retention.ms", null).Code);

    [Fact]
    public void Resolver_prefers_topic_override_then_broker_default_then_Kafka_default()
    {
        var resolver = new TopicConfigResolver(new Dictionary<string, string> { ["log.retention.ms"] = "1000" });
        var retention = TopicConfigs.Find("retention.ms")!;

        var inherited = resolver.Describe(retention, new Dictionary<string, string>());
        Assert.Equal("1000", inherited.Value);
        Assert.Equal(ConfigSource.StaticBrokerConfig, inherited.Source);

        var own = resolver.Describe(retention, new Dictionary<string, string> { ["retention.ms"] = "5" });
        Assert.Equal("5", own.Value);
        Assert.Equal(ConfigSource.TopicConfig, own.Source);
        Assert.Equal(
            [("retention.ms", ConfigSource.TopicConfig), ("log.retention.ms", ConfigSource.StaticBrokerConfig), ("log.retention.ms", ConfigSource.DefaultConfig)],
            own.Synonyms.Select(s => (s.Name, s.Source)));

        var plain = resolver.Describe(TopicConfigs.Find("segment.ms")!, new Dictionary<string, string>());
        Assert.Equal(("604800000", ConfigSource.DefaultConfig), (plain.Value, plain.Source));
    }

    [Fact]
    public void An_invalid_broker_level_default_stops_the_broker_from_starting()
    {
        using var dir = new TempDirectory();
        var options = new BrokerOptions { DataDirectory = dir.Path };
        options.TopicConfigDefaults["log.retention.ms"] = "soon";
        var error = Assert.Throws<ArgumentException>(() => new KafkaBroker(options));
        Assert.Contains("log.retention.ms", error.Message, StringComparison.Ordinal);

        options.TopicConfigDefaults.Clear();
        options.TopicConfigDefaults["retention.ms"] = "1";
        Assert.Throws<ArgumentException>(() => new KafkaBroker(options));
    }
}
