using System.Diagnostics;
using System.Globalization;
using KafkaNet.Protocol.Records;
using Xunit.Abstractions;

namespace KafkaNet.Storage.Tests;

/// <summary>Kills a process appending to a log with SIGKILL at random moments, then checks the log it left.</summary>
public class CrashTests(ITestOutputHelper output)
{
    private const int SegmentBytes = 64 * 1024;

    [Theory]
    [InlineData(true, 22, 40)]
    [InlineData(false, 6, 15)]
    public async Task Sigkill_loses_no_acknowledged_batch_and_leaves_no_partial_batch(bool durable, int kills, int maxSeconds)
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDir();
        string partitionDir = Path.Combine(dir.Path, "crash-0");
        var acknowledged = new List<(long First, long Last)>();
        long expectedStart = 0;
        int done = 0;
        var clock = Stopwatch.StartNew();
        while (done < kills && clock.Elapsed < TimeSpan.FromSeconds(maxSeconds))
        {
            List<string> lines = await RunAndKill(dir.Path, durable, random.Next(10, 250));
            Assert.Equal($"START {expectedStart}", lines[0]);
            foreach (string line in lines.Skip(1).Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)))
            {
                string[] parts = line.Split(' ');
                acknowledged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
            }

            expectedStart = CheckLog(partitionDir, acknowledged);
            done++;
        }

        output.WriteLine($"{done} kills, {acknowledged.Count} acknowledged appends, log end {expectedStart}");
        Assert.Equal(kills, done);
        Assert.NotEmpty(acknowledged);
    }

    // Reopens the log as a restarted broker would and returns its end offset.
    private static long CheckLog(string partitionDir, List<(long First, long Last)> acknowledged)
    {
        using var log = PartitionLog.Open(partitionDir, new LogConfig { SegmentBytes = SegmentBytes });
        List<RecordBatchHeader> batches = TestBatches.ReadAll(log);
        var byBase = new Dictionary<long, long>();
        long next = 0;
        foreach (RecordBatchHeader batch in batches)
        {
            Assert.Equal(next, batch.BaseOffset);
            byBase[batch.BaseOffset] = batch.LastOffset;
            next = batch.LastOffset + 1;
        }

        Assert.Equal(next, log.LogEndOffset);
        foreach ((long first, long last) in acknowledged)
        {
            Assert.True(byBase.TryGetValue(first, out long stored) && stored == last, $"acknowledged batch {first}-{last} is missing");
        }

        return log.LogEndOffset;
    }

    private static Task<List<string>> RunAndKill(string logDir, bool durable, int runMs) =>
        CrashHostProcess.RunAndKill([logDir, durable ? "1" : "0", SegmentBytes.ToString(CultureInfo.InvariantCulture), "4"], runMs);
}
