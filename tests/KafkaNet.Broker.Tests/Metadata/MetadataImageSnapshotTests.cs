using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Broker.Tests.Metadata.MetadataDeltaTests;

namespace KafkaNet.Broker.Tests.Metadata;

public class MetadataImageSnapshotTests
{
    private static MetadataImage BusyImage()
    {
        var image = Apply(MetadataImage.Empty, 7,
            new FeatureLevelRecord { Name = "kraft.version", FeatureLevel = 1 },
            new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 },
            Register(2, 20, fenced: false), Register(1, 10),
            new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1, 2), Partition(1, 2, 2, 1),
            new TopicRecord { Name = "audit", TopicId = Guid.NewGuid() },
            new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = "orders", Name = "cleanup.policy", Value = "compact" },
            new ProducerIdsRecord { BrokerId = 2, BrokerEpoch = 20, NextProducerId = 2000 }).Image;
        return Apply(image, 9,
            new PartitionChangeRecord { TopicId = Orders, PartitionId = 0, Leader = 2, Isr = [2], RemovingReplicas = [1] },
            new BrokerRegistrationChangeRecord { BrokerId = 2, BrokerEpoch = 20, InControlledShutdown = 1 }).Image;
    }

    [Fact]
    public void An_image_rebuilt_from_its_records_equals_the_original()
    {
        var image = BusyImage();
        var records = image.ToRecords();

        var rebuilt = Apply(MetadataImage.Empty, image.LastAppliedOffset, [.. records.Select(r => r.Message)]).Image;

        Assert.Equal(records.Select(Describe), rebuilt.ToRecords().Select(Describe));
        var p = rebuilt.TopicsById[Orders].Partitions[0];
        Assert.Equal((2, 1, 1), (p.Leader, p.LeaderEpoch, p.PartitionEpoch));
        Assert.Equal([1], p.RemovingReplicas.ToArray());
        Assert.True(rebuilt.Brokers[2].InControlledShutdown);
        Assert.Equal(2000, rebuilt.NextProducerId);
        Assert.Equal("compact", rebuilt.ConfigsOf(new(ConfigResourceKey.TopicType, "orders"))["cleanup.policy"]);
        Assert.Equal(image.TopicsByName.Keys.Order(), rebuilt.TopicsByName.Keys.Order());
    }

    [Fact]
    public void Snapshot_records_survive_framing_and_start_with_metadata_version()
    {
        var image = BusyImage();
        var records = image.ToRecords();
        Assert.Equal("metadata.version", Assert.IsType<FeatureLevelRecord>(records[0].Message).Name);

        var decoded = MetadataRecordReader.ReadBatch(MetadataRecordWriter.ToBatch(records));
        var rebuilt = Apply(MetadataImage.Empty, image.LastAppliedOffset, [.. decoded.Select(r => r.Message)]).Image;

        Assert.Equal(MetadataRecordWriter.ToBatch(records), MetadataRecordWriter.ToBatch(rebuilt.ToRecords()));
    }

    [Fact]
    public void The_empty_image_has_no_records()
    {
        Assert.Empty(MetadataImage.Empty.ToRecords());
        Assert.Equal(-1, MetadataImage.Empty.LastAppliedOffset);
    }

    private static string Describe(MetadataRecord record) => Convert.ToHexString(MetadataRecordWriter.ToFrame(record));
}
