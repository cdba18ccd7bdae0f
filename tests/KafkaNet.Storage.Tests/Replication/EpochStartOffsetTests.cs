namespace KafkaNet.Storage.Tests.Replication;

public sealed class EpochStartOffsetTests
{
    [Fact]
    public async Task A_new_leaders_epoch_starts_at_the_log_end_before_any_append_and_answers_followers_of_older_epochs()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 5);

        log.AssignEpochStartOffset(8);

        Assert.Equal([(5, 0L), (8, 3L)], log.LeaderEpochs.Entries);
        // A follower that last fetched epoch 7 (never seen here) learns epoch 5 ended at 3.
        Assert.Equal((5, 3L), log.EndOffsetForEpoch(7));
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 8);
        Assert.Equal([(5, 0L), (8, 3L)], log.LeaderEpochs.Entries);
        log.AssignEpochStartOffset(8);
        Assert.Equal(2, log.LeaderEpochs.Entries.Count);
    }

    [Fact]
    public void On_an_empty_log_each_new_leader_epoch_replaces_the_last_one_at_offset_zero()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());

        log.AssignEpochStartOffset(3);
        log.AssignEpochStartOffset(4);

        Assert.Equal([(4, 0L)], log.LeaderEpochs.Entries);
        // A follower that last led at epoch 3 is not told it diverged: epoch 3 ends where it stands.
        Assert.Equal((3, 0L), log.EndOffsetForEpoch(3));
    }

    [Fact]
    public async Task A_leader_epoch_older_than_the_log_changes_nothing()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 1);
        await log.AppendAsLeaderAsync(TestBatches.Make(2), 4);

        // A restarted node replaying old metadata sees itself leader at epoch 1, then 4: neither may rewrite history.
        log.AssignEpochStartOffset(1);
        log.AssignEpochStartOffset(4);

        Assert.Equal([(1, 0L), (4, 3L)], log.LeaderEpochs.Entries);
    }
}
