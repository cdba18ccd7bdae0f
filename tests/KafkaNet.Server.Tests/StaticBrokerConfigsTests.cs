using KafkaNet.Broker;
using KafkaNet.Broker.Configs;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class StaticBrokerConfigsTests
{
    [Fact]
    public void Catalog_properties_reach_the_broker_as_written_and_topic_defaults_become_inheritable()
    {
        var options = new BrokerOptions();
        StaticBrokerConfigs.Fill(Props.Load("log.retention.hours=2", "log.cleanup.policy=compact", "num.io.threads=16", "zookeeper.connect=x:2181"), options);

        Assert.Equal("2", options.StaticConfigs["log.retention.hours"]);
        Assert.Equal("16", options.StaticConfigs["num.io.threads"]);
        Assert.False(options.StaticConfigs.ContainsKey("zookeeper.connect"));
        Assert.Equal(new Dictionary<string, string> { ["log.retention.hours"] = "2", ["log.cleanup.policy"] = "compact" }, options.TopicConfigDefaults);
        var resolver = new TopicConfigResolver(options.TopicConfigDefaults.AsReadOnly());
        Assert.Equal(("7200000", ConfigSource.StaticBrokerConfig), resolver.DefaultFor(TopicConfigs.Find("retention.ms")!));
        Assert.Equal("compact", resolver.DefaultFor(TopicConfigs.Find("cleanup.policy")!).Value);
    }

    [Fact]
    public void KafkaNet_defaults_that_differ_from_Kafkas_are_reported_as_set()
    {
        var options = new BrokerOptions();
        StaticBrokerConfigs.Fill(Props.Load(), options);

        Assert.Equal("1", options.StaticConfigs["node.id"]);
        Assert.Equal("broker,controller", options.StaticConfigs["process.roles"]);
        Assert.Equal("./data", options.StaticConfigs["log.dirs"]);
        Assert.Empty(options.TopicConfigDefaults);
    }

    [Fact]
    public void A_bad_topic_default_stops_startup_naming_it()
    {
        var e = Assert.Throws<ConfigException>(() => StaticBrokerConfigs.Fill(Props.Load("log.cleanup.policy=shred"), new BrokerOptions()));
        Assert.Contains("log.cleanup.policy", e.Message);
    }

    [Fact]
    public void Topic_defaults_outside_the_server_table_are_not_reported_as_ignored() =>
        Assert.Empty(Props.LoadResult("log.cleanup.policy=compact").Warnings);
}
