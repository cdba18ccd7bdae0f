namespace KafkaNet.Storage.Tests.Replication;

public class LeaderEpochCacheTests
{
    private static LeaderEpochCache Cache(TempDir dir, params (int Epoch, long Start)[] entries)
    {
        var cache = new LeaderEpochCache(Path.Combine(dir.Path, LogFileNames.LeaderEpochCheckpointFile));
        foreach ((int epoch, long start) in entries)
        {
            cache.Assign(epoch, start);
        }

        return cache;
    }

    [Fact]
    public void End_offset_for_an_epoch_follows_offsets_for_leader_epoch()
    {
        using var dir = new TempDir();
        LeaderEpochCache cache = Cache(dir, (2, 10), (4, 30), (5, 50));

        Assert.Equal((5, 80L), cache.EndOffsetFor(5, 80));
        Assert.Equal((4, 50L), cache.EndOffsetFor(4, 80));
        Assert.Equal((2, 30L), cache.EndOffsetFor(3, 80));
        Assert.Equal((1, 10L), cache.EndOffsetFor(1, 80));
        Assert.Equal((-1, -1L), cache.EndOffsetFor(6, 80));
        Assert.Equal((-1, -1L), cache.EndOffsetFor(-1, 80));
    }

    [Fact]
    public void Truncation_from_either_end_is_written_to_the_checkpoint()
    {
        using var dir = new TempDir();
        LeaderEpochCache cache = Cache(dir, (2, 10), (4, 30), (5, 50));

        cache.TruncateFromEnd(50);
        cache.TruncateFromStart(35);

        Assert.Equal([(4, 35L)], cache.Entries);
        Assert.Equal([(4, 35L)], Cache(dir).Entries);
        Assert.False(File.Exists(Path.Combine(dir.Path, LogFileNames.LeaderEpochCheckpointFile + ".tmp")));
        cache.Clear();
        Assert.Empty(Cache(dir).Entries);
    }

    [Fact]
    public void Truncation_from_the_start_keeps_an_epoch_starting_exactly_there()
    {
        using var dir = new TempDir();
        LeaderEpochCache cache = Cache(dir, (2, 10), (4, 30));

        cache.TruncateFromStart(30);
        cache.TruncateFromStart(5);

        Assert.Equal([(4, 30L)], cache.Entries);
    }

    [Fact]
    public void A_new_epoch_replaces_entries_it_would_put_out_of_order_and_a_repeat_changes_nothing()
    {
        using var dir = new TempDir();
        // Epoch 6 started at 50 but wrote nothing before epoch 7 took over at the same offset.
        LeaderEpochCache cache = Cache(dir, (2, 10), (5, 30), (6, 50), (7, 50));
        Assert.Equal([(2, 10L), (5, 30L), (7, 50L)], cache.Entries);

        cache.Assign(7, 60);
        Assert.Equal([(2, 10L), (5, 30L), (7, 50L)], cache.Entries);

        // An older epoch's batch at 40 (a follower re-fetching after a divergence) drops what claimed to start later.
        cache.Assign(5, 40);
        Assert.Equal([(2, 10L), (5, 40L)], Cache(dir).Entries);
    }
}
