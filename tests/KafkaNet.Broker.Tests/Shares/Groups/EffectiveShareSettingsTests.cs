using KafkaNet.Broker.Groups.Share;
using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Tests.Shares.Groups;

public sealed class EffectiveShareSettingsTests
{
    [Theory]
    [InlineData("dlq.orders", "true", "dlq.orders", true)]
    [InlineData(" dlq.orders ", "True", "dlq.orders", true)]
    [InlineData("dlq.orders", "false", "dlq.orders", false)]
    [InlineData("", "TRUE", null, true)]
    [InlineData("   ", "no", null, false)]
    public void Dead_letter_configs_reach_the_share_partition_config(string topicName, string copy, string? expectedTopic, bool expectedCopy)
    {
        var settings = new EffectiveShareSettings(new ShareGroupOptions(), new Dictionary<string, string>
        {
            ["errors.deadletterqueue.topic.name"] = topicName,
            ["errors.deadletterqueue.copy.record.enable"] = copy,
        });

        var config = settings.Partition;

        Assert.Equal((expectedTopic, expectedCopy), (config.DeadLetterTopic, config.DeadLetterCopyRecord));
    }

    [Fact]
    public void Without_dead_letter_configs_a_group_has_no_dead_letter_topic()
    {
        var config = new EffectiveShareSettings(new ShareGroupOptions(), new Dictionary<string, string>()).Partition;

        Assert.Equal((null, false), (config.DeadLetterTopic, config.DeadLetterCopyRecord));
    }
}
