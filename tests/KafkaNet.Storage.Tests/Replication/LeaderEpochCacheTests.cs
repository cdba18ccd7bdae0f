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
}
