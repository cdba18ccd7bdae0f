using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Replication;
using static KafkaNet.Cluster.Tests.Replication.ReplicationTestSupport;

namespace KafkaNet.Cluster.Tests.Replication;

public sealed class ReplicaFetcherTests
{
    private const int FollowerId = 2;

    private static ReplicaFetcherManager Manager(FollowerStore store, Func<int, NodeAddress?> resolve) =>
        new(new ReplicaFetcherOptions
        {
            LocalNodeId = FollowerId,
            BrokerEpoch = static () => 7,
            ReplicaFetchBackoffMs = 100,
            ReplicaFetchWaitMaxMs = 200,
            LogManager = store.Logs,
        }, resolve, store.Find);

    private static ReplicaFetcherManager FollowLeader(LeaderBroker leader, FollowerStore follower)
    {
        var manager = Manager(follower, _ => leader.Address);
        manager.Follow(leader.Topic, leader.TopicId, 0, LeaderBroker.NodeId, 0);
        return manager;
    }

    private static void AssertSameBatches(LeaderBroker leader, FollowerStore follower)
    {
        var expected = Batches(leader.Log);
        var actual = Batches(follower.Log(leader.Topic));
        Assert.Equal(expected.Select(b => b.BaseOffset), actual.Select(b => b.BaseOffset));
        for (int i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Bytes, actual[i].Bytes);
    }

    [Fact]
    public async Task Follower_copies_batches_byte_for_byte_at_the_leaders_offsets_including_transactions_and_markers()
    {
        await using var leader = await LeaderBroker.StartAsync("copied");
        using var follower = new FollowerStore();
        var followerLog = follower.Log(leader.Topic);
        await leader.AppendAsync(Batch(0, 0, 3, "before"));
        await leader.AppendAsync(Batch(0, 0, 2, "txn", producerId: 42, transactional: true));
        await leader.CommitOrAbortAsync(42, commit: true);

        int appended = 0;
        await using var manager = FollowLeader(leader, follower);
        manager.Appended += (_, _) => Interlocked.Increment(ref appended);
        await WaitUntilAsync(() => followerLog.LogEndOffset == leader.Log.LogEndOffset, "the existing batches are copied");

        await leader.AppendAsync(Batch(0, 0, 4, "after"));
        await leader.AppendAsync(Batch(0, 0, 1, "aborted", producerId: 43, transactional: true));
        await leader.CommitOrAbortAsync(43, commit: false);
        await WaitUntilAsync(() => followerLog.LogEndOffset == leader.Log.LogEndOffset, "batches produced while following are copied");

        AssertSameBatches(leader, follower);
        Assert.Equal(12, followerLog.LogEndOffset);
        Assert.Equal([(0, 0L)], followerLog.LeaderEpochs.Entries);
        Assert.True(Volatile.Read(ref appended) > 0);
        var followed = Assert.Single(manager.Partitions);
        Assert.Equal((leader.Topic, 0, LeaderBroker.NodeId, 0, FollowedPartitionStatus.Fetching), (followed.Topic, followed.Partition, followed.LeaderId, followed.LeaderEpoch, followed.Status));
    }

    [Fact]
    public async Task Follower_high_watermark_follows_the_leaders_and_never_passes_its_own_end()
    {
        await using var leader = await LeaderBroker.StartAsync("watermark");
        using var follower = new FollowerStore();
        var followerLog = follower.Log(leader.Topic);
        await leader.AppendAsync(Batch(0, 0, 5, "a"));
        await using var manager = FollowLeader(leader, follower);
        await WaitUntilAsync(() => followerLog.HighWatermark == 5, "the follower's watermark reaches the leader's");

        await leader.AppendAsync(Batch(0, 0, 3, "b"));
        await WaitUntilAsync(() => followerLog.HighWatermark == 8, "the watermark moves with the leader's");
        Assert.True(followerLog.HighWatermark <= followerLog.LogEndOffset);
    }

    [Fact]
    public async Task Follower_resumes_after_the_leader_restarts()
    {
        string leaderDir = TempDirectory();
        try
        {
            using var follower = new FollowerStore();
            var followerLog = follower.Log("restarted");
            var leader = await LeaderBroker.StartAsync("restarted", leaderDir);
            NodeAddress? address = leader.Address;
            await using var manager = Manager(follower, _ => Volatile.Read(ref address));
            try
            {
                await leader.AppendAsync(Batch(0, 0, 2, "first"));
                manager.Follow(leader.Topic, leader.TopicId, 0, LeaderBroker.NodeId, 0);
                await WaitUntilAsync(() => followerLog.LogEndOffset == 2, "the first batch is copied");
            }
            finally
            {
                await leader.DisposeAsync();
            }
            await WaitUntilAsync(() => manager.Partitions.Single().LastError is not null, "the lost connection is seen");

            await using var restarted = await LeaderBroker.StartAsync("restarted", leaderDir);
            Assert.Equal(leader.TopicId, restarted.TopicId);
            await restarted.AppendAsync(Batch(0, 0, 3, "second"));
            Volatile.Write(ref address, restarted.Address);
            await WaitUntilAsync(() => followerLog.LogEndOffset == 5, "the follower catches up with the restarted leader");

            AssertSameBatches(restarted, follower);
            await WaitUntilAsync(() => manager.Partitions.Single().LastError is null, "the error clears");
        }
        finally
        {
            DeleteDirectory(leaderDir);
        }
    }

    [Fact]
    public async Task Offset_out_of_range_after_delete_records_restarts_the_follower_at_the_leaders_log_start()
    {
        await using var leader = await LeaderBroker.StartAsync("deleted");
        using var follower = new FollowerStore();
        var followerLog = follower.Log(leader.Topic);
        for (int i = 0; i < 5; i++)
            await leader.AppendAsync(Batch(0, 0, 2, "r"));
        // Mid-batch: the batch 4..5 holds the new log start, as Kafka allows.
        leader.Log.DeleteRecordsBefore(5);

        await using var manager = FollowLeader(leader, follower);
        await WaitUntilAsync(() => followerLog.LogEndOffset == 10, "the follower copies from the leader's log start");

        Assert.Equal(5, followerLog.LogStartOffset);
        var copied = Batches(followerLog);
        Assert.Equal([4L, 6, 8], copied.Select(b => b.BaseOffset));
        Assert.Equal(Batches(leader.Log).Select(b => b.Bytes), copied.Select(b => b.Bytes));
    }

    [Fact]
    public async Task Unfollow_stops_fetching()
    {
        await using var leader = await LeaderBroker.StartAsync("unfollowed");
        using var follower = new FollowerStore();
        var followerLog = follower.Log(leader.Topic);
        await leader.AppendAsync(Batch(0, 0, 2, "kept"));
        await using var manager = FollowLeader(leader, follower);
        await WaitUntilAsync(() => followerLog.LogEndOffset == 2, "the first batch is copied");

        manager.Unfollow(leader.Topic, 0);
        await leader.AppendAsync(Batch(0, 0, 3, "not copied"));
        await Task.Delay(1000);

        Assert.Equal(2, followerLog.LogEndOffset);
        Assert.Empty(manager.Partitions);
    }
}
