using KafkaNet.Broker.Groups;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class GroupSettingsTests
{
    [Fact]
    public void Defaults_of_the_properties_are_the_coordinators_defaults()
    {
        var applied = new GroupCoordinatorOptions();
        GroupSettings.Apply(Props.Load(), applied);

        var defaults = new GroupCoordinatorOptions();
        Assert.Equivalent(defaults, applied, strict: true);
    }

    [Fact]
    public void Group_properties_reach_the_coordinator()
    {
        var config = Props.Load(
            "offsets.topic.num.partitions=7",
            "group.initial.rebalance.delay.ms=0",
            "group.min.session.timeout.ms=1000",
            "group.max.size=12",
            "offsets.retention.minutes=5",
            "group.consumer.assignors=range,uniform",
            "group.coordinator.rebalance.protocols=classic",
            "group.consumer.migration.policy=Upgrade");
        var options = new GroupCoordinatorOptions();

        GroupSettings.Apply(config, options);

        Assert.Equal((7, 0, 1000, 12, 5), (options.OffsetsTopicNumPartitions, options.GroupInitialRebalanceDelayMs,
            options.GroupMinSessionTimeoutMs, options.GroupMaxSize, options.OffsetsRetentionMinutes));
        Assert.Equal(["range", "uniform"], options.ConsumerGroupAssignors);
        Assert.Equal(["classic"], options.RebalanceProtocols);
        Assert.Equal("upgrade", options.ConsumerGroupMigrationPolicy);
    }

    [Theory]
    [InlineData("group.consumer.assignors", "sticky")]
    [InlineData("group.coordinator.rebalance.protocols", "streams")]
    [InlineData("offsets.topic.compression.codec", "9")]
    [InlineData("group.consumer.migration.policy", "sideways")]
    public void Invalid_group_properties_stop_startup(string name, string value) => Props.Rejects(name, value);
}
