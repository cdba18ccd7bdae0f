using KafkaNet.Broker;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Shares;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ShareGroupSettingsTests
{
    [Fact]
    public void Dead_letter_defaults_are_kafkas()
    {
        var applied = new ShareGroupOptions { DeadLetterTopicNamePrefix = "changed.", DeadLetterAutoCreateTopics = true };

        ShareGroupSettings.Apply(Props.Load(), applied);

        Assert.Equal(("dlq.", false), (applied.DeadLetterTopicNamePrefix, applied.DeadLetterAutoCreateTopics));
    }

    [Fact]
    public void Dead_letter_properties_reach_the_share_group_options_and_the_broker_catalog()
    {
        var config = Props.Load("errors.deadletterqueue.topic.name.prefix=errors.", "errors.deadletterqueue.auto.create.topics.enable=TRUE");
        var share = new ShareGroupOptions();
        var broker = new BrokerOptions();

        ShareGroupSettings.Apply(config, share);
        StaticBrokerConfigs.Fill(config, broker);

        Assert.Equal(("errors.", true), (share.DeadLetterTopicNamePrefix, share.DeadLetterAutoCreateTopics));
        Assert.Equal("errors.", broker.StaticConfigs["errors.deadletterqueue.topic.name.prefix"]);
        Assert.Equal(KafkaNet.Broker.Configs.ConfigType.Boolean, BrokerConfigCatalog.Find("errors.deadletterqueue.auto.create.topics.enable")?.Type);
    }

    [Fact]
    public void An_empty_prefix_allows_any_dead_letter_topic_name()
    {
        var share = new ShareGroupOptions();

        ShareGroupSettings.Apply(Props.Load("errors.deadletterqueue.topic.name.prefix="), share);

        Assert.Equal("", share.DeadLetterTopicNamePrefix);
    }

    [Fact]
    public void A_non_boolean_auto_create_stops_startup() => Props.Rejects("errors.deadletterqueue.auto.create.topics.enable", "sometimes");
}
