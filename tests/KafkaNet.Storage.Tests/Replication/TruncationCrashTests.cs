using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace KafkaNet.Storage.Tests.Replication;

/// <summary>Kills a process with SIGKILL after it truncated its log and while it appends as a follower.</summary>
public class TruncationCrashTests(ITestOutputHelper output)
{
    private const int SegmentBytes = 32 * 1024;

    [Fact]
    public async Task Sigkill_after_truncation_leaves_no_truncated_record_and_a_high_watermark_within_the_log()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        int runs = 0;
        for (; runs < 4 && clock.Elapsed < TimeSpan.FromSeconds(60); runs++)
        {
            using var dir = new TempDir();
            long cut = random.Next(500, 3000);
            List<string> lines = await CrashHostProcess.RunAndKill(
                ["truncate", dir.Path, SegmentBytes.ToString(CultureInfo.InvariantCulture), cut.ToString(CultureInfo.InvariantCulture)],
                random.Next(0, 200));
            long truncatedEnd = long.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.InRange(truncatedEnd, 1, cut);
            List<(long First, long Last)> acknowledged = [.. lines.Skip(1).Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(l =>
            {
                string[] parts = l.Split(' ');
                return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            })];
            output.WriteLine($"cut {cut} at {truncatedEnd}, {acknowledged.Count} follower appends");
            Check(dir.Path, truncatedEnd, acknowledged);
        }

        Assert.Equal(4, runs);
    }

    private static void Check(string logDir, long truncatedEnd, List<(long First, long Last)> acknowledged)
    {
        using LogManager manager = LogManager.Open(logDir, _ => new LogConfig { SegmentBytes = SegmentBytes });
        Assert.False(manager.HadCleanShutdown);
        PartitionLog log = manager.Logs[new TopicPartition("crash", 0)];
        List<(long Offset, string Key, string? Value)> records = TestBatches.ReadRecords(log);
        Assert.Equal(Enumerable.Range(0, (int)log.LogEndOffset).Select(i => (long)i), records.Select(r => r.Offset));
        Assert.All(records, r => Assert.Equal(r.Offset < truncatedEnd ? "old" : "new", r.Key));
        Assert.All(TestBatches.ReadAll(log), b => Assert.Equal(b.BaseOffset < truncatedEnd ? 1 : 2, b.PartitionLeaderEpoch));
        // An append may have been written but not yet reported when the process died.
        long acknowledgedEnd = acknowledged.Count == 0 ? truncatedEnd : acknowledged[^1].Last + 1;
        Assert.True(log.LogEndOffset >= acknowledgedEnd, $"log end {log.LogEndOffset} is below the acknowledged {acknowledgedEnd}");
        Assert.InRange(log.HighWatermark, log.LogStartOffset, log.LogEndOffset);
        Assert.All(log.LeaderEpochs.Entries, e => Assert.True(e.StartOffset < log.LogEndOffset));
        Assert.Equal(log.LogEndOffset == truncatedEnd ? [(1, 0L)] : [(1, 0L), (2, truncatedEnd)], log.LeaderEpochs.Entries);
    }
}
