namespace KafkaNet.Storage.Tests;

public class IndexTests
{
    [Fact]
    public void Offset_index_lookup_finds_largest_entry_at_or_below_the_target()
    {
        using var dir = new TempDir();
        using var index = new OffsetIndex(Path.Combine(dir.Path, "00000000000000000100.index"), 100, 1024, mutable: true);
        Assert.Equal(new IndexEntry(100, 0), index.Lookup(150));
        Assert.True(index.TryAppend(110, 400));
        Assert.True(index.TryAppend(120, 800));
        Assert.True(index.TryAppend(130, 1200));
        Assert.Equal(new IndexEntry(100, 0), index.Lookup(105));
        Assert.Equal(new IndexEntry(110, 400), index.Lookup(110));
        Assert.Equal(new IndexEntry(120, 800), index.Lookup(129));
        Assert.Equal(new IndexEntry(130, 1200), index.Lookup(10_000));
        Assert.Equal(800, index.LargestPositionAtMost(1199));
    }

    [Fact]
    public void Offset_index_refuses_entries_past_its_size_and_out_of_order()
    {
        using var dir = new TempDir();
        using var index = new OffsetIndex(Path.Combine(dir.Path, "00000000000000000000.index"), 0, 16, mutable: true);
        Assert.True(index.TryAppend(1, 10));
        Assert.Throws<InvalidOperationException>(() => index.TryAppend(1, 20));
        Assert.True(index.TryAppend(2, 20));
        Assert.True(index.IsFull);
        Assert.False(index.TryAppend(3, 30));
    }

    [Fact]
    public void Index_is_preallocated_while_active_and_trimmed_on_close()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "00000000000000000000.index");
        using (var index = new OffsetIndex(path, 0, 1024 * 1024, mutable: true))
        {
            index.TryAppend(5, 100);
            Assert.Equal(1024 * 1024, new FileInfo(path).Length);
        }

        Assert.Equal(8, new FileInfo(path).Length);
        using var reopened = new OffsetIndex(path, 0, 1024 * 1024, mutable: false);
        Assert.Equal(new IndexEntry(5, 100), reopened.Lookup(7));
    }

    [Fact]
    public void Time_index_keeps_only_increasing_timestamps_and_looks_up_strictly_before()
    {
        using var dir = new TempDir();
        using var index = new TimeIndex(Path.Combine(dir.Path, "00000000000000000000.timeindex"), 0, 1200, mutable: true);
        Assert.True(index.MaybeAppend(1000, 3));
        Assert.False(index.MaybeAppend(1000, 5));
        Assert.False(index.MaybeAppend(900, 6));
        Assert.True(index.MaybeAppend(2000, 9));
        Assert.Equal(new TimeIndexEntry(-1, 0), index.LookupBefore(1000));
        Assert.Equal(new TimeIndexEntry(1000, 3), index.LookupBefore(1001));
        Assert.Equal(new TimeIndexEntry(2000, 9), index.LookupBefore(5000));
        Assert.True(index.IsSane());
    }
}
