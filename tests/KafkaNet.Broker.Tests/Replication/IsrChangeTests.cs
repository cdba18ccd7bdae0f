using KafkaNet.Broker.Tests.Cluster;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Tests.Replication;

/// <summary>ISR shrink and expansion sent to the controller as AlterPartition.</summary>
public sealed class IsrChangeTests
{
    private const long LagMs = 2000;

    [Fact]
    public async Task A_silent_follower_leaves_the_isr_after_the_lag_time_and_returns_once_caught_up()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3], LagMs);
        var controller = new RecordingController();
        partition.Kafka.Broker.Controller = controller;
        partition.Kafka.Broker.BrokerEpoch = 101;
        await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(), acks: 1));
        await partition.FollowerFetchAsync(2, 1);
        var replication = partition.Kafka.Broker.Replicas!.Replication!;

        await Task.Delay(TimeSpan.FromMilliseconds(LagMs * 1.5));
        await replication.CheckIsrAsync();

        var shrink = await NextAsync(controller);
        Assert.Equal(3, shrink.Version);
        Assert.Equal((1, 101L), (shrink.Request.BrokerId, shrink.Request.BrokerEpoch));
        var change = shrink.Request.Topics.Single().Partitions.Single();
        Assert.Equal((ReplicatedPartition.LeaderEpoch, 3), (change.LeaderEpoch, change.PartitionEpoch));
        Assert.Equal([(1, 101L), (2, 102L)], change.NewIsrWithEpochs.Select(b => (b.BrokerId, b.BrokerEpoch)));
        Assert.Equal(ReplicatedPartition.TopicId, shrink.Request.Topics[0].TopicId);
        var state = replication.Find(Topic, 0)!;
        // A background ISR check may have sent the shrink first; its answer is applied after the request is recorded.
        await WaitUntilAsync(() => state.Isr.Length == 2 && state.PartitionEpoch == 4);
        Assert.Equal([1, 2], state.Isr.ToArray());
        Assert.Equal(4, state.PartitionEpoch);

        await partition.FollowerFetchAsync(3, 1);

        var expand = await NextAsync(controller);
        var added = expand.Request.Topics.Single().Partitions.Single();
        Assert.Equal([1, 2, 3], added.NewIsrWithEpochs.Select(b => b.BrokerId));
        Assert.Equal(4, added.PartitionEpoch);
        await WaitUntilAsync(() => state.Isr.Length == 3);
    }

    [Fact]
    public async Task A_caught_up_follower_is_proposed_for_the_isr_only_once_the_metadata_shows_it_unfenced()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2], LagMs);
        var broker = partition.Kafka.Broker;
        var controller = new RecordingController();
        broker.Controller = controller;
        broker.BrokerEpoch = 101;
        // Broker 3 restarted: registered again, fenced until it caught up with the metadata.
        broker.Publish(ClusterImages.Apply(broker.Image, 11, new FenceBrokerRecord { Id = 3, Epoch = 103 }));
        await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(), acks: 1));
        await partition.FollowerFetchAsync(2, 1);

        await partition.FollowerFetchAsync(3, 1);
        // Proposals go out as the fetch is recorded; none came for the fenced follower.
        await Task.Delay(300);
        Assert.True(controller.Requests.IsEmpty, "a fenced follower was proposed for the ISR");

        broker.Publish(ClusterImages.Apply(broker.Image, 12, new UnfenceBrokerRecord { Id = 3, Epoch = 103 }));
        await partition.FollowerFetchAsync(3, 1);
        var expand = await NextAsync(controller);
        Assert.Equal([1, 2, 3], expand.Request.Topics.Single().Partitions.Single().NewIsrWithEpochs.Select(b => b.BrokerId));
    }

    private const string Topic = ReplicatedPartition.Topic;

    private static async Task<(AlterPartitionRequest Request, short Version)> NextAsync(RecordingController controller)
    {
        for (int i = 0; i < 200; i++)
        {
            if (controller.Requests.TryDequeue(out var next))
            {
                return next;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("no AlterPartition request was sent");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition());
    }
}
