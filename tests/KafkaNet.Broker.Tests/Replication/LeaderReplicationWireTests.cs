using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Replication;

/// <summary>The leader side of ISR replication, with raw Fetch requests acting as followers 2 and 3.</summary>
public sealed class LeaderReplicationWireTests
{
    private const string Topic = ReplicatedPartition.Topic;

    [Fact]
    public async Task Acks_all_completes_only_after_both_followers_fetched_past_the_batch()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3]);
        var produce = partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(2)));
        await WaitUntilAsync(() => partition.Kafka.Broker.Replicas!.Find(Topic, 0)!.LogEndOffset == 2);

        var first = await partition.FollowerFetchAsync(2, 0);
        Assert.Equal(0, first.Responses[0].Partitions[0].ErrorCode);
        Assert.True(first.Responses[0].Partitions[0].Records!.Value.Length > 0);
        await partition.FollowerFetchAsync(2, 2);
        await partition.FollowerFetchAsync(3, 0, version: 12);
        await Task.Delay(200);
        Assert.False(produce.IsCompleted);

        var last = await partition.FollowerFetchAsync(3, 2, version: 12);
        Assert.Equal(2, last.Responses[0].Partitions[0].HighWatermark);
        var response = await produce.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((0, 0L), (response.Responses[0].PartitionResponses[0].ErrorCode, response.Responses[0].PartitionResponses[0].BaseOffset));
    }

    [Fact]
    public async Task Consumers_and_ListOffsets_latest_see_only_up_to_the_high_watermark()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3]);
        var produced = await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(3), acks: 1));
        Assert.Equal(0, produced.Responses[0].PartitionResponses[0].ErrorCode);

        var hidden = (await partition.ConsumerFetchAsync(0)).Responses[0].Partitions[0];
        Assert.Equal((0, 0L, 0L, 0), (hidden.ErrorCode, hidden.HighWatermark, hidden.LastStableOffset, hidden.Records!.Value.Length));
        Assert.Equal(0, await partition.LatestAsync(0));
        Assert.Equal(0, await partition.LatestAsync(1));
        // Between the watermark and the log end is in range, only empty.
        var between = (await partition.ConsumerFetchAsync(2)).Responses[0].Partitions[0];
        Assert.Equal((0, 0), (between.ErrorCode, between.Records!.Value.Length));
        Assert.Equal((short)ErrorCode.OffsetOutOfRange, (await partition.ConsumerFetchAsync(4)).Responses[0].Partitions[0].ErrorCode);

        await partition.FollowerFetchAsync(2, 3);
        await partition.FollowerFetchAsync(3, 3);

        var visible = (await partition.ConsumerFetchAsync(0, isolation: 1)).Responses[0].Partitions[0];
        Assert.Equal((3L, 3L), (visible.HighWatermark, visible.LastStableOffset));
        Assert.True(visible.Records!.Value.Length > 0);
        Assert.Equal(3, await partition.LatestAsync(0));
        Assert.Equal(3, await partition.LatestAsync(1));
    }

    [Fact]
    public async Task Acks_all_times_out_with_request_timed_out_when_followers_stop()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3]);
        var request = ProducerBatches.Request(Topic, 0, ProducerBatches.Plain());
        request.TimeoutMs = 300;

        var response = await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, request);

        Assert.Equal((short)ErrorCode.RequestTimedOut, response.Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal(0, partition.Kafka.Broker.Replicas!.Find(Topic, 0)!.HighWatermark);
    }

    [Fact]
    public async Task Acks_all_below_min_insync_replicas_is_refused_before_appending()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1], minInsyncReplicas: "2");

        var response = await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain()));

        Assert.Equal((short)ErrorCode.NotEnoughReplicas, response.Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal(0, partition.Kafka.Broker.Replicas!.Find(Topic, 0)!.LogEndOffset);
        var acksOne = await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(), acks: 1));
        Assert.Equal(0, acksOne.Responses[0].PartitionResponses[0].ErrorCode);
    }

    [Fact]
    public async Task A_sole_isr_leader_moves_the_high_watermark_with_each_append()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1]);

        var response = await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(2)));

        Assert.Equal(0, response.Responses[0].PartitionResponses[0].ErrorCode);
        Assert.Equal(2, partition.Kafka.Broker.Replicas!.Find(Topic, 0)!.HighWatermark);
    }

    [Fact]
    public async Task A_follower_whose_last_fetched_epoch_diverges_gets_the_diverging_epoch_and_no_records()
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3]);
        await partition.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(Topic, 0, ProducerBatches.Plain(2), acks: 1));

        // The follower claims records of epoch 5 up to offset 4; the leader's epoch 5 ends at offset 2.
        var diverged = (await partition.FollowerFetchAsync(2, 4, lastFetchedEpoch: ReplicatedPartition.LeaderEpoch)).Responses[0].Partitions[0];

        Assert.Equal((0, ReplicatedPartition.LeaderEpoch, 2L), (diverged.ErrorCode, diverged.DivergingEpoch.Epoch, diverged.DivergingEpoch.EndOffset));
        Assert.Equal(0, diverged.Records!.Value.Length);
        var consistent = (await partition.FollowerFetchAsync(2, 2, lastFetchedEpoch: ReplicatedPartition.LeaderEpoch)).Responses[0].Partitions[0];
        Assert.Equal((-1, -1L), (consistent.DivergingEpoch.Epoch, consistent.DivergingEpoch.EndOffset));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(15)]
    public async Task A_fetch_from_a_broker_that_is_not_a_replica_gets_not_leader_or_follower(short version)
    {
        await using var partition = await ReplicatedPartition.StartAsync([1, 2, 3]);

        var response = (await partition.FollowerFetchAsync(4, 0, version)).Responses[0].Partitions[0];

        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, response.ErrorCode);
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
