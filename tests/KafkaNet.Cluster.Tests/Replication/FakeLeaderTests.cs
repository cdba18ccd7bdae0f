using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Replication;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using static KafkaNet.Cluster.Tests.Replication.ReplicationTestSupport;

namespace KafkaNet.Cluster.Tests.Replication;

/// <summary>Answers a real broker does not give yet (diverging epochs, fencing), from a crafted leader.</summary>
public sealed class FakeLeaderTests
{
    private const int FollowerId = 2;
    private const string Topic = "crafted";
    private static readonly Guid TopicId = Guid.NewGuid();

    private static ReplicaFetcherManager Manager(FollowerStore store, Func<int, NodeAddress?> resolve) =>
        new(new ReplicaFetcherOptions { LocalNodeId = FollowerId, BrokerEpoch = static () => 7, ReplicaFetchBackoffMs = 100 }, resolve, store.Find);

    private static FetchResponse.PartitionData Data(
        int partition, long highWatermark, byte[]? records = null, ErrorCode error = ErrorCode.None, FetchResponse.EpochEndOffset? diverging = null) => new()
    {
        PartitionIndex = partition,
        DivergingEpoch = diverging ?? new FetchResponse.EpochEndOffset(),
        ErrorCode = (short)error,
        HighWatermark = highWatermark,
        LogStartOffset = 0,
        Records = records ?? ReadOnlyMemory<byte>.Empty,
    };

    private static FetchRequest.FetchPartition Single(FetchRequest request) => Assert.Single(Assert.Single(request.Topics).Partitions);

    [Theory]
    [InlineData(1, 1, 12L, 12L)] // the leader's epoch 1 ends earlier than ours: cut where the leader's ends
    [InlineData(3, 2, 14L, 10L)] // we never had epoch 2: cut where our latest epoch below it ends
    public async Task Diverging_epoch_truncates_the_divergent_tail_and_refetches_from_there(int secondEpoch, int divergingEpoch, long divergingEnd, long expectedCut)
    {
        using var follower = new FollowerStore();
        var log = follower.Log(Topic);
        for (long offset = 0; offset < 16; offset += 2)
            await log.AppendAsFollowerAsync(Batch(offset, offset < 10 ? 0 : secondEpoch, 2, "old"));
        var replacement = Batch(expectedCut, 4, 2, "new");
        long newEnd = expectedCut + 2;
        await using var leader = new FakeLeader(1, request =>
        {
            var p = Single(request);
            if (p.FetchOffset == 16)
                return FakeLeader.Answer(TopicId, Data(0, expectedCut, diverging: new FetchResponse.EpochEndOffset { Epoch = divergingEpoch, EndOffset = divergingEnd }));
            if (p.FetchOffset == expectedCut)
                return FakeLeader.Answer(TopicId, Data(0, newEnd, replacement));
            return FakeLeader.Answer(TopicId, Data(0, newEnd, error: p.FetchOffset == newEnd ? ErrorCode.None : ErrorCode.UnknownLeaderEpoch));
        });
        await using var manager = Manager(follower, _ => leader.Address);

        manager.Follow(Topic, TopicId, 0, 1, 4);
        await WaitUntilAsync(() => log.LogEndOffset == newEnd && log.HighWatermark == newEnd, "the replacement batch is appended");

        var batches = Batches(log);
        Assert.Equal(Enumerable.Range(0, (int)(expectedCut / 2) + 1).Select(i => i * 2L), batches.Select(b => b.BaseOffset));
        Assert.Equal(replacement, batches[^1].Bytes);
        Assert.Equal(4, log.LeaderEpochs.LatestEpoch);
        var refetch = leader.Requests.Select(Single).First(p => p.FetchOffset == expectedCut);
        Assert.Equal(expectedCut > 10 ? secondEpoch : 0, refetch.LastFetchedEpoch);
        Assert.All(leader.Requests, r => Assert.Equal((-1, FollowerId, 7L, 4), (r.ReplicaId, r.ReplicaState.ReplicaId, r.ReplicaState.ReplicaEpoch, Single(r).CurrentLeaderEpoch)));
    }

    [Fact]
    public async Task Fenced_leader_epoch_pauses_the_partition_until_a_newer_epoch_is_followed()
    {
        using var follower = new FollowerStore();
        var log = follower.Log(Topic);
        var batch = Batch(0, 5, 2, "after fencing");
        await using var leader = new FakeLeader(1, request =>
        {
            var p = Single(request);
            if (p.CurrentLeaderEpoch < 5)
                return FakeLeader.Answer(TopicId, Data(0, -1, error: ErrorCode.FencedLeaderEpoch));
            return FakeLeader.Answer(TopicId, p.FetchOffset == 0 ? Data(0, 2, batch) : Data(0, 2));
        });
        await using var manager = Manager(follower, _ => leader.Address);

        manager.Follow(Topic, TopicId, 0, 1, 4);
        await WaitUntilAsync(() => manager.Partitions.Single().Status == FollowedPartitionStatus.Paused, "the partition is paused");
        manager.Follow(Topic, TopicId, 0, 1, 4);
        int seen = leader.Requests.Count;
        await Task.Delay(600);
        Assert.Equal(seen, leader.Requests.Count);
        Assert.Equal(nameof(ErrorCode.FencedLeaderEpoch), manager.Partitions.Single().LastError);

        manager.Follow(Topic, TopicId, 0, 1, 5);
        await WaitUntilAsync(() => log.LogEndOffset == 2, "fetching resumes with the newer epoch");
        Assert.Equal(FollowedPartitionStatus.Fetching, manager.Partitions.Single().Status);
        Assert.Equal(batch, Batches(log).Single().Bytes);
    }

    [Fact]
    public async Task A_batch_the_log_refuses_fails_that_partition_and_the_loop_keeps_replicating_the_others()
    {
        using var follower = new FollowerStore();
        var good = follower.Log(Topic, 1);
        var bad = follower.Log(Topic, 0);
        var goodBatch = Batch(0, 0, 3, "good");
        await using var leader = new FakeLeader(1, request => new FetchResponse
        {
            Responses =
            [
                new FetchResponse.FetchableTopicResponse
                {
                    TopicId = TopicId,
                    Partitions = [.. Assert.Single(request.Topics).Partitions.Select(p => p.Partition == 0
                        ? Data(0, 5, Batch(100, 0, 5, "out of order"))
                        : Data(1, 3, p.FetchOffset == 0 ? goodBatch : null))],
                },
            ],
        });
        await using var manager = Manager(follower, _ => leader.Address);

        manager.Follow(Topic, TopicId, 0, 1, 0);
        manager.Follow(Topic, TopicId, 1, 1, 0);
        await WaitUntilAsync(() => manager.Partitions.Any(p => p.Partition == 0 && p.Status == FollowedPartitionStatus.Failed), "partition 0 fails");
        await WaitUntilAsync(() => good.LogEndOffset == 3, "partition 1 is still replicated");

        Assert.Equal(0, bad.LogEndOffset);
        Assert.Contains("100", manager.Partitions.Single(p => p.Partition == 0).LastError, StringComparison.Ordinal);
        Assert.Equal(goodBatch, Batches(good).Single().Bytes);
    }

    [Fact]
    public async Task A_new_leader_takes_over_without_losing_or_repeating_batches()
    {
        using var follower = new FollowerStore();
        var log = follower.Log(Topic);
        // Both leaders serve one log: each fetch gets the next batch, one at a time.
        var leaderLog = Enumerable.Range(0, 40).Select(i => Batch(i * 2L, i < 20 ? 0 : 1, 2, "shared")).ToArray();
        FetchResponse Serve(FetchRequest request)
        {
            var p = Single(request);
            int next = (int)(p.FetchOffset / 2);
            return FakeLeader.Answer(TopicId, Data(0, 80, next < leaderLog.Length ? leaderLog[next] : null));
        }
        await using var first = new FakeLeader(1, Serve);
        await using var second = new FakeLeader(3, Serve);
        await using var manager = Manager(follower, id => id == 1 ? first.Address : second.Address);

        manager.Follow(Topic, TopicId, 0, 1, 0);
        await WaitUntilAsync(() => log.LogEndOffset >= 20, "the first leader has served some batches");
        manager.Follow(Topic, TopicId, 0, 3, 1);
        await WaitUntilAsync(() => log.LogEndOffset == 80, "the second leader serves the rest");

        Assert.Equal(leaderLog, Batches(log).Select(b => b.Bytes));
        Assert.NotEmpty(second.Requests);
        Assert.All(second.Requests, r => Assert.Equal(1, Single(r).CurrentLeaderEpoch));
        int servedByFirst = first.Requests.Count;
        await Task.Delay(300);
        Assert.Equal(servedByFirst, first.Requests.Count);
        var followed = manager.Partitions.Single();
        Assert.Equal((3, 1, 80L), (followed.LeaderId, followed.LeaderEpoch, followed.FetchOffset));
    }

    [Fact]
    public async Task Out_of_range_without_the_leaders_offsets_asks_them_by_list_offsets_and_restarts_at_its_log_start()
    {
        using var follower = new FollowerStore();
        var log = follower.Log(Topic);
        var batch = Batch(6, 0, 2, "kept by the leader");
        var asked = new System.Collections.Concurrent.ConcurrentQueue<(int ReplicaId, long Timestamp)>();
        await using var leader = new FakeLeader(
            1,
            request => FakeLeader.Answer(TopicId, Single(request).FetchOffset == 6
                ? Data(0, 8, batch)
                : Single(request).FetchOffset == 8 ? Data(0, 8) : new FetchResponse.PartitionData { ErrorCode = (short)ErrorCode.OffsetOutOfRange, HighWatermark = -1 }),
            request =>
            {
                var p = Assert.Single(Assert.Single(request.Topics).Partitions);
                asked.Enqueue((request.ReplicaId, p.Timestamp));
                return new ListOffsetsResponse
                {
                    Topics =
                    [
                        new ListOffsetsResponse.ListOffsetsTopicResponse
                        {
                            Name = Topic,
                            Partitions = [new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = 0, Offset = p.Timestamp == -2 ? 6 : 8 }],
                        },
                    ],
                };
            });
        await using var manager = Manager(follower, _ => leader.Address);

        manager.Follow(Topic, TopicId, 0, 1, 0);
        await WaitUntilAsync(() => log.LogEndOffset == 8, "the follower restarts at 6 and copies the leader's batch");

        Assert.Equal(6, log.LogStartOffset);
        Assert.Equal(batch, Batches(log).Single().Bytes);
        Assert.Contains((FollowerId, -2L), asked);
        Assert.Contains((FollowerId, -1L), asked);
    }
}
