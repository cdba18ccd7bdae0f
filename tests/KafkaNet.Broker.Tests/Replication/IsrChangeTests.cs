using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol.Messages;

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
