using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

public class BrokerConfigCatalogTests
{
    [Fact]
    public void Every_default_passes_its_own_check_and_every_topic_default_is_listed_as_cluster_wide()
    {
        foreach (var definition in BrokerConfigCatalog.All.Where(d => d.DefaultValue is not null))
        {
            Assert.True(BrokerConfigCatalog.CheckValue(definition.Name, definition.DefaultValue!) is null, definition.Name);
        }
        foreach (var topic in TopicConfigs.All.Where(t => t.BrokerSynonym is not null))
        {
            Assert.Equal(DynamicUpdateMode.ClusterWide, BrokerConfigCatalog.Find(topic.BrokerSynonym!)?.Mode);
        }
    }

    [Fact]
    public void Retention_names_are_each_others_synonyms_and_hours_scale_to_milliseconds()
    {
        Assert.Equal(["log.retention.ms", "log.retention.minutes", "log.retention.hours"], BrokerConfigCatalog.Synonyms("log.retention.hours"));
        Assert.Equal(["num.io.threads"], BrokerConfigCatalog.Synonyms("num.io.threads"));

        var resolver = new TopicConfigResolver(new Dictionary<string, string> { ["log.retention.minutes"] = "5", ["log.roll.hours"] = "1" });

        Assert.Equal("300000", resolver.DefaultFor(TopicConfigs.Find("retention.ms")!).Value);
        Assert.Equal("3600000", resolver.DefaultFor(TopicConfigs.Find("segment.ms")!).Value);
    }

    [Fact]
    public void Several_read_only_names_are_listed_together_as_Kafka_does()
    {
        var error = BrokerConfigCatalog.ValidateDynamic(
            [new("node.id", "2"), new("log.dirs", "/x"), new("num.io.threads", "2")], perBroker: true);

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Equal("Cannot update these configs dynamically: Set(node.id, log.dirs)", error.Message);
    }

    [Fact]
    public void Deleting_a_dynamic_config_needs_no_value()
    {
        Assert.False(BrokerConfigCatalog.ValidateDynamic([new("log.retention.ms", null)], perBroker: false).IsError);
    }
}
