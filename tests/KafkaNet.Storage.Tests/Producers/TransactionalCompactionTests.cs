using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Producers;

/// <summary>Compaction never lets aborted data reach read_committed readers and never cleans past the last stable offset.</summary>
public class TransactionalCompactionTests
{
    private const long P1 = 31;
    private const long P2 = 32;

    private static LogConfig Compacted() => new() { CleanupPolicy = "compact", SegmentBytes = 150, SegmentIndexBytes = 4096 };

    [Fact]
    public async Task Aborted_records_are_dropped_and_never_replace_the_committed_value_of_their_key()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        long t = time.NowMs;
        using var log = PartitionLog.Open(dir.Partition(), Compacted(), time: time);
        await log.AppendAsLeaderAsync(Keyed(P2, 0, 0, true, t, ("a", "committed"), ("b", "1")), 0);    // 0-1
        await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: true, leaderEpoch: 0);                     // 2
        await log.AppendAsLeaderAsync(Keyed(P1, 0, 0, true, t, ("a", "aborted"), ("c", "x")), 0);      // 3-4
        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);                    // 5
        await log.AppendAsLeaderAsync(Keyed(P2, 0, 2, true, t, ("b", "2")), 0);                        // 6
        await log.AppendEndTxnMarkerAsync(P2, 0, 0, commit: true, leaderEpoch: 0);                     // 7
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: t, keyPrefix: "z"), 0);           // 8
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: t, keyPrefix: "y"), 0);           // 9
        Assert.Equal(10, log.LastStableOffset);
        Assert.True(log.Segments.Count > 3);

        Assert.True(log.Compact() > 0);

        List<(long Offset, string Key, string? Value)> records = TestBatches.ReadRecords(log);
        Assert.Contains((0L, "a", "committed"), records);
        Assert.DoesNotContain(records, r => r.Value is "aborted" or "x");
        Assert.DoesNotContain(records, r => r.Key == "b" && r.Value == "1");
        Assert.Contains((6L, "b", "2"), records);
        // Markers stay, and so does the index entry, so consumers skip whatever of the transaction a reader meets.
        Assert.Equal(3, TestBatches.ReadAll(log).Count(h => h.IsControl));
        var aborted = new List<AbortedTransaction>();
        log.CollectAbortedTransactions(0, 10, aborted);
        Assert.Equal(new AbortedTransaction(P1, 3, 5, 6), Assert.Single(aborted));
    }

    [Fact]
    public async Task Nothing_at_or_past_the_last_stable_offset_is_cleaned()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        long t = time.NowMs;
        using var log = PartitionLog.Open(dir.Partition(), Compacted(), time: time);
        await log.AppendAsLeaderAsync(TestBatches.Make(2, timestamp: t, keyPrefix: "k"), 0);            // 0-1: k0, k1
        await log.AppendAsLeaderAsync(TestBatches.Make(2, timestamp: t, keyPrefix: "k"), 0);            // 2-3
        await log.AppendAsLeaderAsync(Keyed(P1, 0, 0, true, t, ("open", "1")), 0);                       // 4: open transaction
        for (int i = 0; i < 4; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(2, timestamp: t, keyPrefix: "k"), 0);        // 5-12
        }

        Assert.Equal(4, log.LastStableOffset);
        log.Compact();

        List<long> offsets = [.. TestBatches.ReadRecords(log).Select(r => r.Offset)];
        Assert.DoesNotContain(0L, offsets);
        Assert.Equal([4L, 5, 6, 7, 8, 9, 10, 11, 12], offsets.Where(o => o >= 4));

        await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: true, leaderEpoch: 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(1, timestamp: t, keyPrefix: "w"), 0);
        log.Compact();
        List<long> after = [.. TestBatches.ReadRecords(log).Select(r => r.Offset)];
        Assert.Contains(4L, after);
        Assert.DoesNotContain(5L, after);
    }

    [Fact]
    public async Task Index_survives_compaction_and_reopening()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        long t = time.NowMs;
        using (var log = PartitionLog.Open(dir.Partition(), Compacted(), time: time))
        {
            await log.AppendAsLeaderAsync(Keyed(P1, 0, 0, true, t, ("a", "aborted")), 0);
            await log.AppendEndTxnMarkerAsync(P1, 0, 0, commit: false, leaderEpoch: 0);
            for (int i = 0; i < 4; i++)
            {
                await log.AppendAsLeaderAsync(TestBatches.Make(2, timestamp: t), 0);
            }

            // The marker (offset 1) did not fit beside the aborted batch: its segment, rewritten here, holds the entry.
            Assert.Equal(1, log.Segments[1].BaseOffset);
            Assert.True(log.Compact() > 1);
            Assert.True(File.Exists(LogFileNames.TxnIndexFile(dir.Partition(), 1)));
        }

        using var reopened = PartitionLog.Open(dir.Partition(), Compacted(), recoveryPoint: 0, time: time);
        var aborted = new List<AbortedTransaction>();
        reopened.CollectAbortedTransactions(0, reopened.LogEndOffset, aborted);
        Assert.Equal(new AbortedTransaction(P1, 0, 1, 2), Assert.Single(aborted));
        Assert.DoesNotContain(TestBatches.ReadRecords(reopened), r => r.Value == "aborted");
    }
}
