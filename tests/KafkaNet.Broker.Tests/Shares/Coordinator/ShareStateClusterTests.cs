using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Coordinator;
using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Groups.Cluster;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>
/// Broker 1 of a three-broker cluster, fed metadata images as its controller would publish them: the share coordinator
/// serves only the __share_group_state partitions this broker leads, and follows their leadership.
/// </summary>
public sealed class ShareStateClusterTests
{
    private static readonly Guid StateTopicId = new("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");
    private const sbyte Acknowledged = 2;

    private long _metadataOffset = 10;
    private MetadataImage _image = MetadataImage.Empty;

    [Fact]
    public async Task Only_the_leader_of_a_state_partition_serves_it_and_the_topic_is_asked_of_the_controller()
    {
        var controller = new CreateTopicsRecorder();
        await using var kafka = await StartAsync(controller, o => o.StateTopicNumPartitions = 2);
        Publish(kafka, ClusterImages.Register(1, kafka.Port), ClusterImages.Register(2, 19092), ClusterImages.Register(3, 19093),
            new TopicRecord { Name = ClusterImages.Topic, TopicId = ClusterImages.TopicId },
            new PartitionRecord { TopicId = ClusterImages.TopicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1 });
        using var session = await WireSession.OpenAsync(kafka.Port);
        var wire = new ShareStateWire(session);
        var local = KeyOn(0);
        var remote = KeyOn(1);

        var beforeTopic = await wire.FindAsync(ShareCoordinatorPartitioner.CoordinatorKey(local));
        var asked = await controller.FirstAsync();
        Publish(kafka, new TopicRecord { Name = TopicNames.ShareGroupState, TopicId = StateTopicId },
            StatePartition(0, leader: 1, epoch: 3), StatePartition(1, leader: 2, epoch: 3));
        var remoteFound = await wire.FindAsync(ShareCoordinatorPartitioner.CoordinatorKey(remote));
        var localWrite = await WriteWhenLoadedAsync(kafka, local);
        var remoteWrite = await kafka.Broker.ShareCoordinator!.WriteAsync(remote, 1, 1, 0, []);
        Publish(kafka, StatePartition(0, leader: 2, epoch: 4));
        var afterMove = await kafka.Broker.ShareCoordinator.ReadAsync(local, 1);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, (ErrorCode)beforeTopic.ErrorCode);
        var topic = Assert.Single(asked.Topics);
        Assert.Equal((TopicNames.ShareGroupState, 2, (short)3), (topic.Name, topic.NumPartitions, topic.ReplicationFactor));
        Assert.Equal(["cleanup.policy=delete", "compression.type=producer", "segment.bytes=104857600", "min.insync.replicas=2"],
            topic.Configs.Select(c => $"{c.Name}={c.Value}"));
        Assert.Equal((0, 2, 19092), (remoteFound.ErrorCode, remoteFound.NodeId, remoteFound.Port));
        Assert.Equal(ErrorCode.None, localWrite);
        Assert.Equal(ErrorCode.NotCoordinator, remoteWrite);
        // Broker 2 took partition 0 over: this broker no longer serves it.
        Assert.Equal(ErrorCode.NotCoordinator, afterMove.Error);
        Assert.Equal(ErrorCode.NotCoordinator, await kafka.Broker.ShareState.WriteAsync(local, 1, 1, 0, [], CancellationToken.None));
    }

    [Fact]
    public async Task A_write_the_followers_never_acknowledge_times_out_as_coordinator_not_available()
    {
        await using var kafka = await StartAsync(new CreateTopicsRecorder(), o => o.WriteTimeoutMs = 300);
        // Broker 2 is in the ISR of both state partitions but never fetches: the high watermark cannot pass a write.
        Publish(kafka, ClusterImages.Register(1, kafka.Port), ClusterImages.Register(2, 19092),
            new TopicRecord { Name = ClusterImages.Topic, TopicId = ClusterImages.TopicId },
            new PartitionRecord { TopicId = ClusterImages.TopicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1 },
            new TopicRecord { Name = TopicNames.ShareGroupState, TopicId = StateTopicId },
            StatePartition(0, leader: 1, epoch: 0, isr: [1, 2]), StatePartition(1, leader: 1, epoch: 0, isr: [1, 2]));
        var key = KeyOn(0);

        var started = DateTime.UtcNow;
        var written = await WriteWhenLoadedAsync(kafka, key);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, written);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    /// <summary>Broker 1 with share groups on, its controller a recorder of CreateTopics requests.</summary>
    private static async Task<ControllerlessBroker> StartAsync(CreateTopicsRecorder controller, Action<ShareCoordinatorOptions> configure)
    {
        var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions
        {
            NodeId = 1,
            Configure = o =>
            {
                o.ShareGroups.Enabled = true;
                configure(o.ShareGroups.Coordinator);
            },
        });
        kafka.Broker.Controller = controller;
        return kafka;
    }

    /// <summary>A share-partition of "orders" whose state lives in __share_group_state partition <paramref name="statePartition"/> (of 2).</summary>
    private static SharePartitionKey KeyOn(int statePartition)
    {
        for (int i = 0; i < 1000; i++)
        {
            var key = new SharePartitionKey("group-" + i, ClusterImages.TopicId, 0);
            if (ShareCoordinatorPartitioner.PartitionFor(key, 2) == statePartition)
            {
                return key;
            }
        }
        throw new InvalidOperationException("no group hashes to " + statePartition);
    }

    private static async Task<ErrorCode> WriteWhenLoadedAsync(ControllerlessBroker kafka, SharePartitionKey key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ErrorCode error;
        while ((error = await kafka.Broker.ShareCoordinator!.WriteAsync(key, 1, 1, 0, [new ShareStateBatch(0, 0, (RecordDeliveryState)Acknowledged, 1)]))
            == ErrorCode.CoordinatorLoadInProgress && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return error;
    }

    private static PartitionRecord StatePartition(int partition, int leader, int epoch, int[]? isr = null) => new()
    {
        TopicId = StateTopicId,
        PartitionId = partition,
        Replicas = [1, 2],
        Isr = [.. isr ?? [leader]],
        Leader = leader,
        LeaderEpoch = epoch,
        PartitionEpoch = epoch,
    };

    private void Publish(ControllerlessBroker kafka, params IKafkaMessage[] records)
    {
        var update = ClusterImages.Apply(_image, _metadataOffset++, records);
        _image = update.Image;
        kafka.Broker.Publish(update);
    }
}
