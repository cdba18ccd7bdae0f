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
}
