using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Metadata;

public class MetadataDeltaTests
{
    internal static readonly Guid Orders = new("0b7c3e1a-52d4-4f6b-8a90-1c2d3e4f5a6b");

    internal static RegisterBrokerRecord Register(int id, long epoch, bool fenced = true) => new()
    {
        BrokerId = id,
        BrokerEpoch = epoch,
        IncarnationId = new Guid(id, 0, 0, new byte[8]),
        Rack = "rack-" + id,
        Fenced = fenced,
        EndPoints = [new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = (ushort)(9090 + id), SecurityProtocol = 0 }],
        Features = [new() { Name = "metadata.version", MinSupportedVersion = 1, MaxSupportedVersion = 21 }],
    };

    internal static PartitionRecord Partition(int id, int leader, params int[] replicas) => new()
    {
        TopicId = Orders,
        PartitionId = id,
        Replicas = [.. replicas],
        Isr = [.. replicas],
        Leader = leader,
        LeaderEpoch = 0,
        PartitionEpoch = 0,
    };

    internal static MetadataUpdate Apply(MetadataImage image, long offset, params IKafkaMessage[] records)
    {
        var delta = new MetadataDelta(image);
        foreach (var r in records)
        {
            delta.Replay(r);
        }
        return delta.Apply(offset);
    }

    [Fact]
    public void Registering_fencing_and_unfencing_brokers_is_reported_and_kept_in_the_image()
    {
        var first = Apply(MetadataImage.Empty, 5, Register(1, 10), Register(2, 11, fenced: false));
        Assert.Equal([1, 2], first.BrokersRegistered);
        Assert.Equal([2], first.BrokersUnfenced);
        var broker = first.Image.Brokers[1];
        Assert.True(broker.Fenced);
        Assert.Equal(("127.0.0.1", 9091, "rack-1"), (broker.Endpoints["PLAINTEXT"].Host, broker.Endpoints["PLAINTEXT"].Port, broker.Rack));
        Assert.Equal(5, first.Image.LastAppliedOffset);

        var second = Apply(first.Image, 6, new UnfenceBrokerRecord { Id = 1, Epoch = 10 }, new FenceBrokerRecord { Id = 2, Epoch = 11 });
        Assert.Empty(second.BrokersRegistered);
        Assert.Equal([1], second.BrokersUnfenced);
        Assert.Equal([2], second.BrokersFenced);
        Assert.False(second.Image.Brokers[1].Fenced);
        Assert.True(second.Image.Brokers[2].Fenced);
        Assert.True(first.Image.Brokers[1].Fenced);
    }

    [Fact]
    public void Registration_change_record_fences_unfences_and_enters_controlled_shutdown()
    {
        var image = Apply(MetadataImage.Empty, 0, Register(1, 10)).Image;
        var unfenced = Apply(image, 1, new BrokerRegistrationChangeRecord { BrokerId = 1, BrokerEpoch = 10, Fenced = -1 });
        Assert.Equal([1], unfenced.BrokersUnfenced);
        var shutdown = Apply(unfenced.Image, 2, new BrokerRegistrationChangeRecord { BrokerId = 1, BrokerEpoch = 10, Fenced = 0, InControlledShutdown = 1 });
        Assert.Equal((false, true), (shutdown.Image.Brokers[1].Fenced, shutdown.Image.Brokers[1].InControlledShutdown));
        var fenced = Apply(shutdown.Image, 3, new BrokerRegistrationChangeRecord { BrokerId = 1, BrokerEpoch = 10, Fenced = 1 });
        Assert.Equal([1], fenced.BrokersFenced);
        Assert.Throws<MetadataReplayException>(() => Apply(image, 1, new BrokerRegistrationChangeRecord { BrokerId = 1, BrokerEpoch = 10, Fenced = 2 }));
    }

    [Fact]
    public void Unregistering_needs_the_current_epoch_and_removes_the_broker()
    {
        var image = Apply(MetadataImage.Empty, 0, Register(1, 10)).Image;
        var ex = Assert.Throws<MetadataReplayException>(() => Apply(image, 1, new UnregisterBrokerRecord { BrokerId = 1, BrokerEpoch = 9 }));
        Assert.Contains("registered at epoch 10", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MetadataReplayException>(() => Apply(image, 1, new FenceBrokerRecord { Id = 7, Epoch = 1 }));

        var update = Apply(image, 1, new UnregisterBrokerRecord { BrokerId = 1, BrokerEpoch = 10 });
        Assert.Equal([1], update.BrokersUnregistered);
        Assert.Empty(update.Image.Brokers);
    }

    [Fact]
    public void Creating_a_topic_reports_it_and_its_partitions_by_name_and_id()
    {
        var update = Apply(MetadataImage.Empty, 3, new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1, 2), Partition(1, 2, 2, 1));

        var topic = Assert.Single(update.TopicsCreated);
        Assert.Same(topic, update.Image.TopicsByName["orders"]);
        Assert.Same(topic, update.Image.TopicsById[Orders]);
        Assert.Equal([0, 1], update.PartitionsChanged.Select(p => p.Current.PartitionId));
        Assert.All(update.PartitionsChanged, p => Assert.Null(p.Previous));
        Assert.Equal([2, 1], topic.Partitions[1].Replicas.ToArray());
    }

    [Fact]
    public void Partition_change_with_new_isr_bumps_only_the_partition_epoch()
    {
        var image = Apply(MetadataImage.Empty, 0, new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1, 2, 3)).Image;

        var update = Apply(image, 1, new PartitionChangeRecord { TopicId = Orders, PartitionId = 0, Isr = [1, 2] });

        var change = Assert.Single(update.PartitionsChanged);
        Assert.Equal([1, 2, 3], change.Previous!.Isr.ToArray());
        var p = change.Current;
        Assert.Equal([1, 2], p.Isr.ToArray());
        Assert.Equal([1, 2, 3], p.Replicas.ToArray());
        Assert.Equal((1, 0, 1), (p.Leader, p.LeaderEpoch, p.PartitionEpoch));
        Assert.Empty(update.TopicsCreated);
    }

    [Fact]
    public void Partition_change_with_a_leader_bumps_leader_and_partition_epochs()
    {
        var image = Apply(MetadataImage.Empty, 0, new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1, 2)).Image;

        var moved = Apply(image, 1, new PartitionChangeRecord { TopicId = Orders, PartitionId = 0, Leader = 2, Isr = [2] }).Image.TopicsById[Orders].Partitions[0];
        Assert.Equal((2, 1, 1), (moved.Leader, moved.LeaderEpoch, moved.PartitionEpoch));
        Assert.Equal([2], moved.Isr.ToArray());

        var leaderless = Apply(image, 1, new PartitionChangeRecord { TopicId = Orders, PartitionId = 0, Leader = PartitionRegistration.NoLeader }).Image.TopicsById[Orders].Partitions[0];
        Assert.Equal((PartitionRegistration.NoLeader, 1, 1), (leaderless.Leader, leaderless.LeaderEpoch, leaderless.PartitionEpoch));
    }

    [Fact]
    public void Partition_change_sets_reassignment_replicas_and_recovery_state_only_when_present()
    {
        var image = Apply(MetadataImage.Empty, 0, new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1, 2)).Image;
        var reassigning = Apply(image, 1, new PartitionChangeRecord { TopicId = Orders, PartitionId = 0, Replicas = [1, 2, 3], AddingReplicas = [3], LeaderRecoveryState = 1 }).Image;
        var p = reassigning.TopicsById[Orders].Partitions[0];
        Assert.Equal([1, 2, 3], p.Replicas.ToArray());
        Assert.Equal([3], p.AddingReplicas.ToArray());
        Assert.Equal(1, p.LeaderRecoveryState);

        var kept = Apply(reassigning, 2, new PartitionChangeRecord { TopicId = Orders, PartitionId = 0 }).Image.TopicsById[Orders].Partitions[0];
        Assert.Equal([1, 2, 3], kept.Replicas.ToArray());
        Assert.Equal([3], kept.AddingReplicas.ToArray());
        Assert.Equal((1, 2), (kept.LeaderRecoveryState, kept.PartitionEpoch));
    }

    [Fact]
    public void Records_for_unknown_topics_or_partitions_are_refused_and_leave_the_delta_unchanged()
    {
        var delta = new MetadataDelta(MetadataImage.Empty);
        var ex = Assert.Throws<MetadataReplayException>(() => delta.Replay(Partition(0, 1, 1)));
        Assert.Contains("unknown topic id", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MetadataReplayException>(() => delta.Replay(new RemoveTopicRecord { TopicId = Orders }));
        delta.Replay(new TopicRecord { Name = "orders", TopicId = Orders });
        Assert.Throws<MetadataReplayException>(() => delta.Replay(new PartitionChangeRecord { TopicId = Orders, PartitionId = 4 }));
        Assert.Throws<MetadataReplayException>(() => delta.Replay(new TopicRecord { Name = "orders", TopicId = Guid.NewGuid() }));
        Assert.Throws<MetadataReplayException>(() => delta.Replay(new TopicRecord { Name = "other", TopicId = Orders }));

        var update = delta.Apply(0);
        Assert.Empty(Assert.Single(update.TopicsCreated).Partitions);
    }

    [Fact]
    public void Removing_a_topic_reports_it_and_drops_its_configs()
    {
        var image = Apply(MetadataImage.Empty, 0, new TopicRecord { Name = "orders", TopicId = Orders }, Partition(0, 1, 1),
            new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = "orders", Name = "retention.ms", Value = "1000" }).Image;

        var update = Apply(image, 1, new RemoveTopicRecord { TopicId = Orders });

        Assert.Equal(Orders, Assert.Single(update.TopicsDeleted).Id);
        Assert.Empty(update.Image.TopicsByName);
        Assert.Empty(update.Image.TopicsById);
        Assert.Empty(update.Image.Configs);
        Assert.Equal("orders", Assert.Single(update.ConfigsChanged).Name);
        Assert.Single(image.TopicsByName);
    }

    [Fact]
    public void Configs_are_set_replaced_and_deleted_by_a_null_value()
    {
        var broker = new ConfigResourceKey(ConfigResourceKey.BrokerType, "1");
        var set = Apply(MetadataImage.Empty, 0,
            new ConfigRecord { ResourceType = broker.ResourceType, ResourceName = "1", Name = "log.retention.ms", Value = "10" },
            new ConfigRecord { ResourceType = broker.ResourceType, ResourceName = "1", Name = "num.io.threads", Value = "8" },
            new ConfigRecord { ResourceType = broker.ResourceType, ResourceName = "1", Name = "log.retention.ms", Value = "20" });
        Assert.Equal([broker], set.ConfigsChanged);
        Assert.Equal("20", set.Image.ConfigsOf(broker)["log.retention.ms"]);

        var deleted = Apply(set.Image, 1,
            new ConfigRecord { ResourceType = broker.ResourceType, ResourceName = "1", Name = "log.retention.ms", Value = null },
            new ConfigRecord { ResourceType = broker.ResourceType, ResourceName = "1", Name = "num.io.threads", Value = null });
        Assert.Empty(deleted.Image.ConfigsOf(broker));
        Assert.False(deleted.Image.Configs.ContainsKey(broker));
        Assert.Equal([broker], deleted.ConfigsChanged);
    }

    [Fact]
    public void Producer_id_block_only_moves_forward_and_features_finalize_and_clear()
    {
        var image = Apply(MetadataImage.Empty, 0, new ProducerIdsRecord { BrokerId = 1, NextProducerId = 1000 },
            new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 }, new FeatureLevelRecord { Name = "kraft.version", FeatureLevel = 1 }).Image;
        Assert.Equal(1000, image.NextProducerId);
        Assert.Equal(21, image.FinalizedFeatures["metadata.version"]);
        Assert.Throws<MetadataReplayException>(() => Apply(image, 1, new ProducerIdsRecord { BrokerId = 1, NextProducerId = 1000 }));

        var cleared = Apply(image, 1, new FeatureLevelRecord { Name = "kraft.version", FeatureLevel = 0 }).Image;
        Assert.False(cleared.FinalizedFeatures.ContainsKey("kraft.version"));
    }

    [Fact]
    public void Apply_refuses_an_offset_before_the_base_image()
    {
        var image = Apply(MetadataImage.Empty, 10).Image;
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetadataDelta(image).Apply(9));
        Assert.Throws<MetadataReplayException>(() => new MetadataDelta(image).Replay(new ApiVersionsRequest()));
    }
}
