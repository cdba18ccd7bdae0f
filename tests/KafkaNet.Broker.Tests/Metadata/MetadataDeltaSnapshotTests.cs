using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Broker.Tests.Metadata.MetadataDeltaTests;

namespace KafkaNet.Broker.Tests.Metadata;

/// <summary>
/// <see cref="MetadataDelta.ForSnapshot"/>: a snapshot replaces the image whole, and the update reports what changed
/// against the image it replaced, as if the missing entries had been replayed one by one.
/// </summary>
public class MetadataDeltaSnapshotTests
{
    private static readonly Guid Alpha = new("a1a1a1a1-0000-4000-8000-000000000001");
    private static readonly Guid Beta = new("b2b2b2b2-0000-4000-8000-000000000002");
    private static readonly ConfigResourceKey AlphaConfigs = new(ConfigResourceKey.TopicType, "alpha");
    private static readonly ConfigResourceKey BetaConfigs = new(ConfigResourceKey.TopicType, "beta");

    private static PartitionRecord PartitionOf(Guid topic, int id, int leader, params int[] replicas) => new()
    {
        TopicId = topic,
        PartitionId = id,
        Replicas = [.. replicas],
        Isr = [.. replicas],
        Leader = leader,
        LeaderEpoch = 0,
        PartitionEpoch = 0,
    };

    // Topics alpha and beta, broker 1, a config on each topic: what this node holds before the snapshot.
    private static MetadataImage Current() => Apply(MetadataImage.Empty, 40,
        new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 },
        Register(1, 10, fenced: false),
        new TopicRecord { Name = "alpha", TopicId = Alpha }, PartitionOf(Alpha, 0, 1, 1),
        new TopicRecord { Name = "beta", TopicId = Beta }, PartitionOf(Beta, 0, 1, 1), PartitionOf(Beta, 1, 1, 1),
        new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = "alpha", Name = "retention.ms", Value = "1000" },
        new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = "beta", Name = "cleanup.policy", Value = "compact" }).Image;

    // What the controller holds later: alpha deleted, broker 2 registered, beta unchanged.
    private static MetadataImage Later(MetadataImage current) => Apply(current, 55,
        new RemoveTopicRecord { TopicId = Alpha },
        Register(2, 20, fenced: false)).Image;

    private static MetadataUpdate Load(MetadataImage current, byte[] snapshot, long offset)
    {
        var delta = MetadataDelta.ForSnapshot(current);
        foreach (var record in MetadataRecordReader.ReadBatch(snapshot))
        {
            delta.Replay(record.Message);
        }
        return delta.Apply(offset);
    }

    [Fact]
    public void A_snapshot_without_a_topic_reports_it_deleted_and_a_new_broker_registered_against_the_current_image()
    {
        var current = Current();
        var source = Later(current);
        var snapshot = MetadataRecordWriter.ToBatch(source.ToRecords());

        var update = Load(current, snapshot, 55);

        Assert.Equal(Alpha, Assert.Single(update.TopicsDeleted).Id);
        Assert.Empty(update.TopicsCreated);
        Assert.Equal([2], update.BrokersRegistered);
        Assert.Equal([2], update.BrokersUnfenced);
        Assert.Empty(update.BrokersUnregistered);
        Assert.Empty(update.BrokersFenced);
        // Beta's partitions are the same as before: nothing to report for them.
        Assert.Empty(update.PartitionsChanged);
        // Alpha's config went with it; beta's is as it was.
        Assert.Equal([AlphaConfigs], update.ConfigsChanged);

        Assert.Equal(["beta"], update.Image.TopicsByName.Keys);
        Assert.Equal([Beta], update.Image.TopicsById.Keys);
        Assert.Equal([1, 2], update.Image.Brokers.Keys.Order());
        Assert.Equal("compact", update.Image.ConfigsOf(BetaConfigs)["cleanup.policy"]);
        Assert.Empty(update.Image.ConfigsOf(AlphaConfigs));
        Assert.Equal(55, update.Image.LastAppliedOffset);
        // The image is exactly the snapshot's content: its records frame to the same bytes.
        Assert.Equal(snapshot, MetadataRecordWriter.ToBatch(update.Image.ToRecords()));
        // The image replaced is left as it was.
        Assert.Equal(["alpha", "beta"], current.TopicsByName.Keys.Order());
    }

    [Fact]
    public void A_snapshot_reports_changed_partitions_unregistered_brokers_and_topics_it_adds()
    {
        var current = Apply(Current(), 41, Register(2, 20, fenced: false)).Image;
        var gamma = Guid.NewGuid();
        var source = Apply(current, 70,
            new UnregisterBrokerRecord { BrokerId = 2, BrokerEpoch = 20 },
            new FenceBrokerRecord { Id = 1, Epoch = 10 },
            new PartitionChangeRecord { TopicId = Beta, PartitionId = 1, Leader = 2 },
            new TopicRecord { Name = "gamma", TopicId = gamma }, PartitionOf(gamma, 0, 1, 1)).Image;

        var update = Load(current, MetadataRecordWriter.ToBatch(source.ToRecords()), 70);

        Assert.Equal("gamma", Assert.Single(update.TopicsCreated).Name);
        Assert.Empty(update.TopicsDeleted);
        Assert.Equal([2], update.BrokersUnregistered);
        Assert.Equal([1], update.BrokersFenced);
        Assert.Empty(update.BrokersRegistered);
        Assert.Equal([("beta", 1), ("gamma", 0)], update.PartitionsChanged.Select(p => (p.TopicName, p.Current.PartitionId)));
        var beta = update.PartitionsChanged[0];
        Assert.Equal((1, 2), (beta.Previous!.Leader, beta.Current.Leader));
        Assert.Null(update.PartitionsChanged[1].Previous);
        Assert.Empty(update.ConfigsChanged);
    }

    [Fact]
    public void A_snapshot_equal_to_the_current_image_reports_no_change()
    {
        var current = Current();

        var update = Load(current, MetadataRecordWriter.ToBatch(current.ToRecords()), current.LastAppliedOffset);

        Assert.Empty(update.TopicsCreated);
        Assert.Empty(update.TopicsDeleted);
        Assert.Empty(update.PartitionsChanged);
        Assert.Empty(update.BrokersRegistered);
        Assert.Empty(update.BrokersUnregistered);
        Assert.Empty(update.BrokersFenced);
        Assert.Empty(update.BrokersUnfenced);
        Assert.Empty(update.ConfigsChanged);
        Assert.Equal(MetadataRecordWriter.ToBatch(current.ToRecords()), MetadataRecordWriter.ToBatch(update.Image.ToRecords()));
    }

    [Fact]
    public void An_empty_snapshot_clears_everything_and_reports_it_all_removed()
    {
        var current = Current();

        var update = Load(current, MetadataRecordWriter.ToBatch([]), 90);

        Assert.Equal(["alpha", "beta"], update.TopicsDeleted.Select(t => t.Name));
        Assert.Equal([1], update.BrokersUnregistered);
        Assert.Equal([AlphaConfigs, BetaConfigs], update.ConfigsChanged.OrderBy(c => c.Name, StringComparer.Ordinal));
        Assert.Empty(update.Image.Brokers);
        Assert.Empty(update.Image.TopicsById);
        Assert.Empty(update.Image.FinalizedFeatures);
        Assert.Equal(90, update.Image.LastAppliedOffset);
    }

    [Fact]
    public void A_snapshot_still_refuses_an_offset_before_the_current_image()
    {
        var current = Current();
        var delta = MetadataDelta.ForSnapshot(current);
        Assert.Throws<ArgumentOutOfRangeException>(() => delta.Apply(current.LastAppliedOffset - 1));
        Assert.Throws<ArgumentNullException>(() => MetadataDelta.ForSnapshot(null!));
    }
}
