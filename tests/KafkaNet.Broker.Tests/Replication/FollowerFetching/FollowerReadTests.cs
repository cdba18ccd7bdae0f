using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Replication.FollowerFetching;

/// <summary>
/// The follower's side of KIP-392: broker 2 follows partition 0 (led by broker 1) holding offsets 0-4 in two batches,
/// its high watermark at 3; it is no replica of partition 1.
/// </summary>
public sealed class FollowerReadTests
{
    private static readonly byte[] FirstBatch = Placed(ProducerBatches.Plain(3), 0);

    [Fact]
    public async Task Consumer_from_v11_reads_from_a_follower_up_to_its_high_watermark()
    {
        await using var cluster = await StartFollowerAsync();

        var read = await cluster.ConsumerFetchAsync(0, version: 11);

        Assert.Equal((0, 3L, 3L, -1), (read.ErrorCode, read.HighWatermark, read.LastStableOffset, read.PreferredReadReplica));
        Assert.Equal(FirstBatch.Length, read.Records!.Value.Length);
        var committed = await cluster.ConsumerFetchAsync(0, isolation: 1);
        Assert.Equal((0, FirstBatch.Length), (committed.ErrorCode, committed.Records!.Value.Length));
    }

    [Fact]
    public async Task Follower_answers_empty_above_its_high_watermark_and_out_of_range_only_beyond_its_log_end()
    {
        await using var cluster = await StartFollowerAsync();

        var above = await cluster.ConsumerFetchAsync(3);
        var beyond = await cluster.ConsumerFetchAsync(6);

        Assert.Equal((0, 0), (above.ErrorCode, above.Records!.Value.Length));
        Assert.Equal((short)ErrorCode.OffsetOutOfRange, beyond.ErrorCode);
    }

    [Fact]
    public async Task Consumers_before_v11_and_brokers_outside_the_replicas_answer_not_leader_or_follower()
    {
        await using var cluster = await StartFollowerAsync();

        var old = await cluster.ConsumerFetchAsync(0, version: 10);
        var notReplica = await cluster.ConsumerFetchAsync(0, partition: 1);

        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, old.ErrorCode);
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, notReplica.ErrorCode);
    }

    [Theory]
    [InlineData(RackCluster.LeaderEpoch - 1, ErrorCode.FencedLeaderEpoch)]
    [InlineData(RackCluster.LeaderEpoch + 1, ErrorCode.UnknownLeaderEpoch)]
    [InlineData(RackCluster.LeaderEpoch, ErrorCode.None)]
    public async Task Follower_checks_the_current_leader_epoch_against_the_one_it_knows(int epoch, ErrorCode expected)
    {
        await using var cluster = await StartFollowerAsync();

        var read = await cluster.ConsumerFetchAsync(0, currentLeaderEpoch: epoch);

        Assert.Equal((short)expected, read.ErrorCode);
    }

    [Fact]
    public async Task Long_poll_on_a_follower_wakes_when_its_high_watermark_moves()
    {
        await using var cluster = await StartFollowerAsync();
        var log = cluster.Kafka.Broker.Replicas!.Find(RackCluster.Topic, 0)!;

        var poll = cluster.ConsumerFetchAsync(3, maxWaitMs: 20_000);
        await Task.Delay(300);
        Assert.False(poll.IsCompleted);
        log.UpdateHighWatermark(5);
        cluster.Kafka.Broker.Replicas!.NotifyHighWatermark(new TopicPartition(RackCluster.Topic, 0));

        var read = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((0, 5L), (read.ErrorCode, read.HighWatermark));
        Assert.True(read.Records!.Value.Length > 0);
    }

    [Fact]
    public async Task ListOffsets_stays_with_the_leader()
    {
        await using var cluster = await StartFollowerAsync();
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            Topics = [new() { Name = RackCluster.Topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }],
        };

        var response = await cluster.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 7, request);

        Assert.Equal((short)ErrorCode.NotLeaderOrFollower, response.Topics[0].Partitions[0].ErrorCode);
    }

    private static async Task<RackCluster> StartFollowerAsync()
    {
        var cluster = await RackCluster.StartAsync(nodeId: 2, rackAware: true);
        var log = cluster.Kafka.Broker.Replicas!.Find(RackCluster.Topic, 0)!;
        await log.AppendAsFollowerAsync((byte[])FirstBatch.Clone());
        await log.AppendAsFollowerAsync(Placed(ProducerBatches.Plain(2), 3));
        log.UpdateHighWatermark(3);
        return cluster;
    }

    private static byte[] Placed(byte[] batch, long baseOffset)
    {
        RecordBatchPatch.SetBaseOffset(batch, baseOffset);
        RecordBatchPatch.SetPartitionLeaderEpoch(batch, RackCluster.LeaderEpoch);
        return batch;
    }
}
