using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>Where a leader epoch ended, as OffsetForLeaderEpoch reads it from a partition's epoch cache.</summary>
public sealed class LeaderEpochEndOffsetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("epochs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(5, 5, 100L)] // the latest epoch ends at the log end
    [InlineData(3, 3, 40L)] // an earlier epoch ends where the next one starts
    [InlineData(4, 3, 40L)] // an epoch never seen reports the one before it
    [InlineData(1, 1, 10L)] // below every known epoch: where the first starts
    [InlineData(6, -1, -1L)] // above every known epoch: undefined
    [InlineData(-1, -1, -1L)] // undefined asks for nothing
    public void End_offsets_follow_the_cached_epoch_starts(int requested, int epoch, long endOffset)
    {
        var cache = new LeaderEpochCache(Path.Combine(_dir, "leader-epoch-checkpoint"));
        cache.Assign(2, 10);
        cache.Assign(3, 25);
        cache.Assign(5, 40);

        Assert.Equal((epoch, endOffset), cache.EndOffsetFor(requested, 100));
    }

    [Fact]
    public void An_empty_cache_knows_no_epoch()
    {
        var cache = new LeaderEpochCache(Path.Combine(_dir, "leader-epoch-checkpoint"));

        Assert.Equal((-1, -1L), cache.EndOffsetFor(0, 7));
    }
}
