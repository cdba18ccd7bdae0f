using System.Diagnostics;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Observer;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Tests.Observer;

/// <summary>
/// What the active controller keeps of the metadata log for brokers that follow it without voting: recent entries by
/// offset, a snapshot for a broker behind them, long polls, and each observer's progress.
/// </summary>
public sealed class MetadataLogFeedTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A log of entries applied one after the other, each creating one topic, as a controller applies them.</summary>
    private sealed class Log
    {
        public MetadataImage Image { get; private set; } = MetadataImage.Empty;

        public Dictionary<long, byte[]> Entries { get; } = [];

        public byte[] Next(long offset, params IKafkaMessage[] records)
        {
            var entry = MetadataRecordWriter.ToBatch([.. records.Select(MetadataRecord.Latest)]);
            var delta = new MetadataDelta(Image);
            foreach (var record in MetadataRecordReader.ReadBatch(entry))
            {
                delta.Replay(record.Message);
            }
            Image = delta.Apply(offset).Image;
            Entries[offset] = entry;
            return entry;
        }

        public void AppendTopic(MetadataLogFeed feed, long offset, string? name = null)
        {
            var entry = Next(offset, new TopicRecord { Name = name ?? $"topic-{offset}", TopicId = Guid.NewGuid() });
            feed.Append(offset, entry, Image);
        }
    }

    private static (MetadataLogFeed Feed, Log Log) FeedWith(IEnumerable<long> offsets, int maxEntries = MetadataLogFeed.DefaultRetainedEntries,
        long maxBytes = MetadataLogFeed.DefaultRetainedBytes)
    {
        var feed = new MetadataLogFeed(maxEntries, maxBytes);
        var log = new Log();
        foreach (long offset in offsets)
        {
            log.AppendTopic(feed, offset);
        }
        return (feed, log);
    }

    private static IEnumerable<long> Range(long first, long last)
    {
        for (long o = first; o <= last; o++)
        {
            yield return o;
        }
    }

    private static MetadataImage Replay(byte[] snapshot, long offset)
    {
        var delta = new MetadataDelta(MetadataImage.Empty);
        foreach (var record in MetadataRecordReader.ReadBatch(snapshot))
        {
            delta.Replay(record.Message);
        }
        return delta.Apply(offset).Image;
    }

    private static byte[] Content(MetadataImage image) => MetadataRecordWriter.ToBatch(image.ToRecords());

    [Fact]
    public void Entries_are_served_in_order_from_the_fetch_offset_with_the_high_watermark()
    {
        var (feed, log) = FeedWith(Range(1, 5));

        var read = feed.Read(3, int.MaxValue);

        Assert.Equal(-1, read.SnapshotEndOffset);
        Assert.Equal(6, read.HighWatermark);
        Assert.Equal(6, feed.EndOffset);
        Assert.Equal([3L, 4, 5], read.Items.Select(e => e.Offset));
        Assert.All(read.Items, e => Assert.Equal(log.Entries[e.Offset], e.Entry));
        // Offset 0 was never an entry (the Raft log starts at 1): a fetch from 0 gets everything, not a snapshot.
        var fromStart = feed.Read(0, int.MaxValue);
        Assert.Equal(-1, fromStart.SnapshotEndOffset);
        Assert.Equal([1L, 2, 3, 4, 5], fromStart.Items.Select(e => e.Offset));
    }

    [Fact]
    public void Offsets_the_log_skipped_are_passed_over_to_the_next_entry()
    {
        // Raft's own entries (leader no-ops, configuration) are never applied, so applied offsets have gaps.
        var (feed, _) = FeedWith([1, 2, 5, 9]);

        Assert.Equal([5L, 9], feed.Read(3, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal([9L], feed.Read(6, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal(10, feed.Read(6, int.MaxValue).HighWatermark);
    }

    [Fact]
    public void The_byte_limit_stops_before_an_entry_that_does_not_fit_but_always_serves_one()
    {
        var (feed, log) = FeedWith(Range(1, 4));
        // Each entry counts with the record batch framing it travels in.
        int first = log.Entries[1].Length + MetadataLogFeed.EntryOverheadBytes;
        int second = log.Entries[2].Length + MetadataLogFeed.EntryOverheadBytes;

        Assert.Equal([1L], feed.Read(1, 1).Items.Select(e => e.Offset));
        Assert.Equal([1L], feed.Read(1, first).Items.Select(e => e.Offset));
        Assert.Equal([1L], feed.Read(1, first + second - 1).Items.Select(e => e.Offset));
        Assert.Equal([1L, 2], feed.Read(1, first + second).Items.Select(e => e.Offset));
        Assert.Equal([4L], feed.Read(4, 0).Items.Select(e => e.Offset));
    }

    [Fact]
    public void A_fetch_at_or_past_the_end_gets_no_entries_and_no_snapshot()
    {
        var (feed, _) = FeedWith(Range(1, 3));

        foreach (long offset in new long[] { 4, 5, 100 })
        {
            var read = feed.Read(offset, int.MaxValue);
            Assert.Empty(read.Items);
            Assert.Equal(-1, read.SnapshotEndOffset);
            Assert.Equal(4, read.HighWatermark);
        }
        var empty = new MetadataLogFeed().Read(0, int.MaxValue);
        Assert.Empty(empty.Items);
        Assert.Equal((-1L, 0L), (empty.SnapshotEndOffset, empty.HighWatermark));
    }

    [Fact]
    public void A_fetch_before_the_kept_entries_gets_a_snapshot_that_replays_into_the_image()
    {
        var (feed, log) = FeedWith(Range(1, 6), maxEntries: 3);

        var read = feed.Read(2, int.MaxValue);

        Assert.Empty(read.Items);
        Assert.Equal(log.Image.LastAppliedOffset + 1, read.SnapshotEndOffset);
        Assert.Equal(7, read.SnapshotEndOffset);
        Assert.Equal(7, read.HighWatermark);
        var snapshot = feed.FindSnapshot(read.SnapshotEndOffset);
        Assert.NotNull(snapshot);
        Assert.Equal(7, snapshot.EndOffset);
        var rebuilt = Replay(snapshot.Records, snapshot.EndOffset - 1);
        Assert.Equal(Content(log.Image), Content(rebuilt));
        Assert.Equal(Range(1, 6).Select(o => $"topic-{o}"), rebuilt.TopicsByName.Keys.Order(StringComparer.Ordinal));
        Assert.Null(feed.FindSnapshot(6));
        Assert.Null(feed.FindSnapshot(8));

        // The three newest are still served as entries.
        Assert.Equal([4L, 5, 6], feed.Read(4, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal(7, feed.Read(3, int.MaxValue).SnapshotEndOffset);
        Assert.Equal(7, feed.Read(0, int.MaxValue).SnapshotEndOffset);
    }

    [Fact]
    public void The_snapshot_stays_findable_until_a_newer_one_is_asked_for()
    {
        var (feed, log) = FeedWith(Range(1, 4), maxEntries: 2);
        Assert.Equal(5, feed.Read(1, int.MaxValue).SnapshotEndOffset);
        var first = feed.FindSnapshot(5);
        Assert.NotNull(first);

        // A broker part way through loading it can finish after more entries arrive...
        log.AppendTopic(feed, 5);
        Assert.Same(first, feed.FindSnapshot(5));
        // ...until the next fetch that needs a snapshot makes one of the newer image.
        Assert.Equal(6, feed.Read(1, int.MaxValue).SnapshotEndOffset);
        Assert.Null(feed.FindSnapshot(5));
        var second = feed.FindSnapshot(6);
        Assert.NotNull(second);
        Assert.Contains("topic-5", Replay(second.Records, 5).TopicsByName.Keys);
        // Asked again at the same end, the same snapshot is served rather than made again.
        Assert.Equal(6, feed.Read(2, int.MaxValue).SnapshotEndOffset);
        Assert.Same(second, feed.FindSnapshot(6));
    }

    [Fact]
    public void The_byte_budget_evicts_old_entries_but_keeps_the_newest()
    {
        var (feed, log) = FeedWith(Range(1, 5), maxBytes: 1);

        Assert.Equal([5L], feed.Read(5, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal(6, feed.Read(4, int.MaxValue).SnapshotEndOffset);
        Assert.Equal(Content(log.Image), Content(Replay(feed.FindSnapshot(6)!.Records, 5)));
    }

    [Fact]
    public void After_a_reset_with_an_unknown_offset_nothing_is_served_until_the_next_entry()
    {
        // As at a controller's start: a snapshot restored at offset 0, its real offset known only from the next entry.
        var log = new Log();
        log.Next(1, new TopicRecord { Name = "restored-a", TopicId = Guid.NewGuid() }, new TopicRecord { Name = "restored-b", TopicId = Guid.NewGuid() });
        var restored = log.Image;
        var feed = new MetadataLogFeed();
        feed.Reset(restored, offsetKnown: false);

        foreach (long offset in new long[] { 0, 1, 2, 40 })
        {
            var read = feed.Read(offset, int.MaxValue);
            Assert.Empty(read.Items);
            Assert.Equal(-1, read.SnapshotEndOffset);
        }
        Assert.Null(feed.FindSnapshot(2));

        log.AppendTopic(feed, 40, "after-restore");

        var fromStart = feed.Read(0, int.MaxValue);
        Assert.Empty(fromStart.Items);
        Assert.Equal(41, fromStart.SnapshotEndOffset);
        Assert.Equal(41, fromStart.HighWatermark);
        var rebuilt = Replay(feed.FindSnapshot(41)!.Records, 40);
        Assert.Equal(["after-restore", "restored-a", "restored-b"], rebuilt.TopicsByName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Content(log.Image), Content(rebuilt));
        // The entry after the restore is served as an entry; anything before it only as the snapshot.
        Assert.Equal([40L], feed.Read(40, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal(41, feed.Read(39, int.MaxValue).SnapshotEndOffset);
    }

    [Fact]
    public void After_a_reset_with_a_known_offset_every_fetch_behind_it_gets_a_snapshot()
    {
        var (feed, log) = FeedWith(Range(1, 3));
        Assert.Equal(-1, feed.Read(1, int.MaxValue).SnapshotEndOffset);
        log.Next(10, new TopicRecord { Name = "loaded", TopicId = Guid.NewGuid() });

        feed.Reset(log.Image, offsetKnown: true);

        Assert.Equal(11, feed.EndOffset);
        foreach (long offset in new long[] { 0, 1, 3, 10 })
        {
            Assert.Equal(11, feed.Read(offset, int.MaxValue).SnapshotEndOffset);
        }
        Assert.Empty(feed.Read(11, int.MaxValue).Items);
        Assert.Equal(-1, feed.Read(11, int.MaxValue).SnapshotEndOffset);
        Assert.Contains("loaded", Replay(feed.FindSnapshot(11)!.Records, 10).TopicsByName.Keys);

        log.AppendTopic(feed, 11);
        Assert.Equal([11L], feed.Read(11, int.MaxValue).Items.Select(e => e.Offset));
        Assert.Equal(12, feed.Read(10, int.MaxValue).SnapshotEndOffset);
    }

    [Fact]
    public void A_reset_drops_a_snapshot_made_before_it()
    {
        var (feed, log) = FeedWith(Range(1, 4), maxEntries: 1);
        Assert.Equal(5, feed.Read(1, int.MaxValue).SnapshotEndOffset);
        Assert.NotNull(feed.FindSnapshot(5));

        feed.Reset(log.Image, offsetKnown: false);

        Assert.Null(feed.FindSnapshot(5));
    }

    [Fact]
    public async Task A_long_poll_at_the_end_completes_when_an_entry_is_appended()
    {
        var (feed, log) = FeedWith(Range(1, 2));

        var wait = feed.WaitForAppendAsync(3, Bound, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        log.AppendTopic(feed, 3);

        await wait.WaitAsync(Bound);
        Assert.Equal([3L], feed.Read(3, int.MaxValue).Items.Select(e => e.Offset));
    }

    [Fact]
    public async Task A_long_poll_behind_the_end_completes_at_once()
    {
        var (feed, _) = FeedWith(Range(1, 2));

        var wait = feed.WaitForAppendAsync(2, Bound, CancellationToken.None);

        Assert.True(wait.IsCompleted);
        await wait;
    }

    [Fact]
    public async Task A_long_poll_with_nothing_appended_ends_quietly_after_its_timeout()
    {
        var (feed, _) = FeedWith(Range(1, 2));
        var clock = Stopwatch.StartNew();

        await feed.WaitForAppendAsync(3, TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(Bound);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(80), Bound);
        Assert.Empty(feed.Read(3, int.MaxValue).Items);
    }

    [Fact]
    public async Task A_long_poll_is_cancelled_by_its_token_and_woken_by_a_reset()
    {
        var (feed, log) = FeedWith(Range(1, 2));
        using var cancel = new CancellationTokenSource();
        var cancelled = feed.WaitForAppendAsync(3, Bound, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));

        var woken = feed.WaitForAppendAsync(3, Bound, CancellationToken.None);
        Assert.False(woken.IsCompleted);
        feed.Reset(log.Image, offsetKnown: false);
        await woken.WaitAsync(Bound);
    }

    [Fact]
    public void Fetches_record_each_observers_offset_and_when_it_was_last_caught_up()
    {
        var (feed, log) = FeedWith(Range(1, 3));
        Assert.Empty(feed.Observers());

        feed.RecordFetch(7, 2, 1000);
        feed.RecordFetch(5, 4, 1100);

        Assert.Equal(
            [new ObserverProgress(5, 4, 1100, 1100), new ObserverProgress(7, 2, 1000, -1)],
            feed.Observers());

        feed.RecordFetch(7, 4, 1200);
        log.AppendTopic(feed, 4);
        // Broker 5 fetched from 4 again, but the log moved on: it was last caught up at 1100.
        feed.RecordFetch(5, 4, 1300);
        feed.RecordFetch(9, 100, 1400);

        Assert.Equal(
            [new ObserverProgress(5, 4, 1300, 1100), new ObserverProgress(7, 4, 1200, 1200), new ObserverProgress(9, 100, 1400, 1400)],
            feed.Observers());
    }

    [Fact]
    public void A_feed_needs_room_for_at_least_one_entry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetadataLogFeed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetadataLogFeed(1, 0));
        Assert.Throws<ArgumentNullException>(() => new MetadataLogFeed().Append(1, [], null!));
        Assert.Throws<ArgumentNullException>(() => new MetadataLogFeed().Reset(null!, offsetKnown: true));
    }
}
