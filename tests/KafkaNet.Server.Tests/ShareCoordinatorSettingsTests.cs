using KafkaNet.Broker.Shares.Coordinator;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ShareCoordinatorSettingsTests
{
    [Fact]
    public void Defaults_of_the_properties_are_the_coordinators_defaults()
    {
        var applied = new ShareCoordinatorOptions();
        ShareCoordinatorSettings.Apply(Props.Load(), applied);

        Assert.Equivalent(new ShareCoordinatorOptions(), applied, strict: true);
    }

    [Fact]
    public void Share_coordinator_properties_reach_the_coordinator()
    {
        var config = Props.Load(
            "share.coordinator.state.topic.num.partitions=7",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "share.coordinator.state.topic.segment.bytes=1048576",
            "share.coordinator.state.topic.compression.codec=4",
            "share.coordinator.snapshot.update.records.per.snapshot=10",
            "share.coordinator.write.timeout.ms=700");
        var options = new ShareCoordinatorOptions();

        ShareCoordinatorSettings.Apply(config, options);

        Assert.Equal((7, (short)1, (short)1, 1048576, 4, 10, 700), (options.StateTopicNumPartitions, options.StateTopicReplicationFactor,
            options.StateTopicMinIsr, options.StateTopicSegmentBytes, options.StateTopicCompressionCodec, options.SnapshotUpdateRecordsPerSnapshot,
            options.WriteTimeoutMs));
    }

    [Theory]
    [InlineData("share.coordinator.state.topic.num.partitions", "0")]
    [InlineData("share.coordinator.state.topic.replication.factor", "40000")]
    [InlineData("share.coordinator.state.topic.min.isr", "0")]
    [InlineData("share.coordinator.state.topic.segment.bytes", "0")]
    [InlineData("share.coordinator.state.topic.compression.codec", "5")]
    [InlineData("share.coordinator.snapshot.update.records.per.snapshot", "501")]
    [InlineData("share.coordinator.write.timeout.ms", "0")]
    public void Invalid_share_coordinator_properties_stop_startup(string name, string value) => Props.Rejects(name, value);
}
