using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using Entry = KafkaNet.Protocol.Messages.DescribeConfigsResponse.DescribeConfigsResourceResult;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>DescribeConfigs of a broker over a real socket, before and after dynamic configs arrive in a metadata image.</summary>
public sealed class BrokerConfigsWireTests : IAsyncLifetime
{
    private ControllerlessBroker _kafka = null!;

    public async Task InitializeAsync() =>
        _kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions
        {
            NodeId = 1,
            Configure = o =>
            {
                o.NumPartitions = 3;
                o.StaticConfigs["log.retention.hours"] = "2";
                o.TopicConfigDefaults["log.retention.hours"] = "2";
                o.StaticConfigs["ssl.keystore.password"] = "secret";
            },
        });

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private async Task<Dictionary<string, Entry>> DescribeAsync(string name, short version = 4)
    {
        var response = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, version,
            new DescribeConfigsRequest { Resources = [new() { ResourceType = ConfigResourceKey.BrokerType, ResourceName = name, ConfigurationKeys = null }], IncludeSynonyms = true },
            flexible: version >= 4);
        var result = Assert.Single(response.Results);
        Assert.Equal(0, result.ErrorCode);
        return result.Configs.ToDictionary(c => c.Name);
    }

    private static ConfigRecord Config(string resource, string name, string? value) =>
        new() { ResourceType = ConfigResourceKey.BrokerType, ResourceName = resource, Name = name, Value = value };

    [Fact]
    public async Task A_broker_lists_Kafkas_configs_with_sources_types_and_documentation()
    {
        var configs = await DescribeAsync("1");

        Assert.True(configs.Count > 50, $"only {configs.Count} configs");
        Assert.Equal($"PLAINTEXT://{_kafka.Broker.Options.AdvertisedEndpoint.Host}:{_kafka.Port}", configs["advertised.listeners"].Value);
        Assert.Equal((sbyte)ConfigSource.StaticBrokerConfig, configs["advertised.listeners"].ConfigSource);
        Assert.Equal(("3", (sbyte)ConfigSource.DefaultConfig, false), (configs["num.network.threads"].Value, configs["num.network.threads"].ConfigSource, configs["num.network.threads"].ReadOnly));
        Assert.Equal(_kafka.DataDirectory, configs["log.dirs"].Value);
        Assert.Equal(("3", (sbyte)ConfigSource.StaticBrokerConfig), (configs["num.partitions"].Value, configs["num.partitions"].ConfigSource));
        Assert.Equal(("1", (sbyte)ConfigSource.DefaultConfig), (configs["min.insync.replicas"].Value, configs["min.insync.replicas"].ConfigSource));
        Assert.False(configs["log.retention.ms"].ReadOnly);
        Assert.True(configs["log.dirs"].ReadOnly);
        Assert.Equal((sbyte)ConfigType.Long, configs["log.retention.ms"].ConfigType);
        Assert.False(string.IsNullOrEmpty(configs["num.io.threads"].Documentation));
        Assert.Equal(
            [("log.retention.hours", "2", (sbyte)ConfigSource.StaticBrokerConfig), ("log.retention.hours", "168", (sbyte)ConfigSource.DefaultConfig)],
            configs["log.retention.ms"].Synonyms.Select(s => (s.Name, s.Value, s.Source)));
        var password = configs["ssl.keystore.password"];
        Assert.True(password.IsSensitive);
        Assert.Null(password.Value);
        Assert.All(password.Synonyms, s => Assert.Null(s.Value));
        Assert.Equal((sbyte)ConfigSource.StaticBrokerConfig, password.ConfigSource);
    }

    [Fact]
    public async Task Dynamic_configs_from_the_image_change_sources_and_the_live_retention_of_an_existing_log()
    {
        var start = ClusterImages.ThreeBrokers(_kafka.Port);
        _kafka.Broker.Publish(start);
        var log = _kafka.Broker.Replicas!.Find(ClusterImages.Topic, 0)!;
        Assert.Equal(2 * 3_600_000L, log.Config.RetentionMs);

        _kafka.Broker.Publish(ClusterImages.Apply(start.Image, 11,
            Config("", "log.retention.ms", "60000"),
            Config("", "num.io.threads", "16"),
            Config("1", "num.io.threads", "12"),
            Config("2", "num.io.threads", "4")));

        Assert.Equal(60_000L, _kafka.Broker.Replicas.Find(ClusterImages.Topic, 0)!.Config.RetentionMs);
        var configs = await DescribeAsync("1");
        Assert.Equal(("60000", (sbyte)ConfigSource.DynamicDefaultBrokerConfig), (configs["log.retention.ms"].Value, configs["log.retention.ms"].ConfigSource));
        var io = configs["num.io.threads"];
        Assert.Equal(("12", (sbyte)ConfigSource.DynamicBrokerConfig), (io.Value, io.ConfigSource));
        Assert.Equal(
            [(sbyte)ConfigSource.DynamicBrokerConfig, (sbyte)ConfigSource.DynamicDefaultBrokerConfig, (sbyte)ConfigSource.DefaultConfig],
            io.Synonyms.Select(s => s.Source));
        Assert.Equal(
            ["log.retention.ms", "log.retention.hours", "log.retention.hours"],
            configs["log.retention.ms"].Synonyms.Select(s => s.Name));
        var defaults = await DescribeAsync("");
        Assert.Equal(["log.retention.ms", "num.io.threads"], defaults.Keys.Order());
        Assert.All(defaults.Values, c => Assert.Equal((sbyte)ConfigSource.DynamicDefaultBrokerConfig, c.ConfigSource));
    }

    [Fact]
    public async Task A_per_broker_value_overrides_the_cluster_default_and_removing_it_falls_back()
    {
        var start = ClusterImages.ThreeBrokers(_kafka.Port);
        var both = ClusterImages.Apply(start.Image, 11, Config("", "log.retention.ms", "60000"), Config("1", "log.retention.ms", "30000"));
        _kafka.Broker.Publish(both);
        Assert.Equal(30_000L, _kafka.Broker.Replicas!.Find(ClusterImages.Topic, 0)!.Config.RetentionMs);
        var topic = _kafka.Broker.TopicConfigResolver.DefaultFor(TopicConfigs.Find("retention.ms")!);
        Assert.Equal(("30000", ConfigSource.DynamicBrokerConfig), topic);

        _kafka.Broker.Publish(ClusterImages.Apply(both.Image, 12, Config("1", "log.retention.ms", null)));

        Assert.Equal(60_000L, _kafka.Broker.Replicas.Find(ClusterImages.Topic, 0)!.Config.RetentionMs);
        var configs = await DescribeAsync("1");
        Assert.Equal((sbyte)ConfigSource.DynamicDefaultBrokerConfig, configs["log.retention.ms"].ConfigSource);
    }

    [Fact]
    public async Task Another_broker_id_keeps_INVALID_REQUEST()
    {
        var response = await WireExchange.SendAsync<DescribeConfigsResponse>(_kafka.Port, DescribeConfigsRequest.ApiKey, 4,
            new DescribeConfigsRequest { Resources = [new() { ResourceType = ConfigResourceKey.BrokerType, ResourceName = "7" }] }, flexible: true);
        Assert.Equal((short)KafkaNet.Protocol.ErrorCode.InvalidRequest, Assert.Single(response.Results).ErrorCode);
    }
}
