using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Cluster;

public class ApplyImageTests
{
    [Fact]
    public void Single_node_topics_are_led_by_this_node_alone_at_epoch_zero()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path, nodeId: 7);
        registry.Create(new TopicSpec("orders", 2, 1, []), validateOnly: false);
        registry.CreatePartitions("orders", 3, validateOnly: false);

        foreach (var topic in new[] { registry.Find("orders")!, new TopicRegistry(dir.Path, nodeId: 7).Find("orders")! })
        {
            Assert.Equal(3, topic.Partitions.Length);
            Assert.All(topic.Partitions, p => Assert.Equal((7, 0, 0, "7", "7"),
                (p.Leader, p.LeaderEpoch, p.PartitionEpoch, string.Join(",", p.Replicas), string.Join(",", p.Isr))));
            Assert.Equal([0, 1, 2], topic.Partitions.Select(p => p.PartitionId));
        }
    }

    [Fact]
    public void An_image_creates_logs_only_for_local_replicas_and_is_not_written_to_topics_json()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage, nodeId: 1);

        registry.ApplyImage(ClusterImages.ThreeBrokers(9092));

        Assert.Equal(["create orders-0", "create orders-1"], storage.Calls);
        var topic = registry.Find(ClusterImages.TopicId)!;
        Assert.Equal((4, (short)3), (topic.PartitionCount, topic.ReplicationFactor));
        Assert.Equal([1, 2, 3, -1], topic.Partitions.Select(p => p.Leader));
        Assert.True(registry.FollowsImage);
        Assert.False(File.Exists(Path.Combine(dir.Path, "topics.json")));
    }

    [Fact]
    public void Applying_the_same_image_again_changes_nothing()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage, nodeId: 1);
        var update = ClusterImages.ThreeBrokers(9092);
        registry.ApplyImage(update);
        storage.Calls.Clear();

        registry.ApplyImage(update);

        Assert.Empty(storage.Calls);
    }

    [Fact]
    public void Reassignment_away_from_this_node_removes_its_log_and_a_config_change_reaches_the_logs()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage, nodeId: 1);
        var first = ClusterImages.ThreeBrokers(9092);
        registry.ApplyImage(first);
        storage.Calls.Clear();

        registry.ApplyImage(ClusterImages.Apply(first.Image, 11,
            new PartitionChangeRecord { TopicId = ClusterImages.TopicId, PartitionId = 1, Replicas = [2, 3], Isr = [2, 3] },
            new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = ClusterImages.Topic, Name = "retention.ms", Value = "1000" }));

        Assert.Equal(["delete orders-1", "config orders retention.ms=1000"], storage.Calls);
        Assert.Equal("1000", registry.Find(ClusterImages.Topic)!.Configs["retention.ms"]);
    }

    [Fact]
    public void A_topic_removed_and_recreated_under_its_name_loses_its_old_log_before_the_new_one_is_made()
    {
        using var dir = new TempDirectory();
        var storage = new RecordingPartitionStorage();
        var registry = new TopicRegistry(dir.Path, storage, nodeId: 1);
        var first = ClusterImages.Apply(MetadataImage.Empty, 1,
            new TopicRecord { Name = "t", TopicId = Guid.NewGuid() });
        var oldId = first.Image.TopicsByName["t"].Id;
        first = ClusterImages.Apply(first.Image, 2, Partition(oldId));
        registry.ApplyImage(first);
        storage.Calls.Clear();
        var newId = Guid.NewGuid();

        registry.ApplyImage(ClusterImages.Apply(first.Image, 3,
            new RemoveTopicRecord { TopicId = oldId }, new TopicRecord { Name = "t", TopicId = newId }, Partition(newId)));

        Assert.Equal(["delete t-0", "create t-0"], storage.Calls);
        Assert.Equal(newId, registry.Find("t")!.TopicId);
    }

    private static PartitionRecord Partition(Guid topicId) =>
        new() { TopicId = topicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1, LeaderEpoch = 0, PartitionEpoch = 0 };
}
