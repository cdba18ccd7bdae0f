using System.Diagnostics;
using System.Globalization;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Benchmarks;

/// <summary>
/// Appends a large volume across many partitions and reports the process's peak resident memory,
/// to show memory stays flat as the log grows (indexes are mapped files, not heap).
/// Run: dotnet run -c Release --project tests/KafkaNet.Benchmarks -- storage-soak [GiB] [partitions]
/// </summary>
internal static class StorageSoak
{
    private const int BatchBytes = 256 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        long gib = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int partitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        string dir = Path.Combine(Path.GetTempPath(), "kafkanet-soak-" + Guid.NewGuid().ToString("N"));
        var logs = new PartitionLog[partitions];
        var batches = new byte[partitions][];
        var config = new LogConfig { SegmentBytes = 256 * 1024 * 1024 };
        for (int p = 0; p < partitions; p++)
        {
            logs[p] = PartitionLog.Open(Path.Combine(dir, "soak-" + p), config);
            batches[p] = MakeBatch();
        }

        long target = gib * 1024 * 1024 * 1024;
        long written = 0;
        long nextReport = target / 10;
        var clock = Stopwatch.StartNew();
        try
        {
            while (written < target)
            {
                for (int p = 0; p < partitions && written < target; p++)
                {
                    await logs[p].AppendAsLeaderAsync(batches[p], 0).ConfigureAwait(false);
                    written += batches[p].Length;
                }
                if (written >= nextReport)
                {
                    Console.WriteLine(FormattableString.Invariant($"{written / (1024 * 1024)} MiB written, peak RSS {PeakRssMiB()} MiB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MiB"));
                    nextReport += target / 10;
                }
            }
            double seconds = clock.Elapsed.TotalSeconds;
            long segments = logs.Sum(l => (long)l.Segments.Count);
            Console.WriteLine(FormattableString.Invariant(
                $"appended {written / (1024 * 1024)} MiB across {partitions} partitions ({segments} segments) in {seconds:F1} s ({written / seconds / 1e6:F0} MB/s); peak RSS {PeakRssMiB()} MiB; managed heap {GC.GetTotalMemory(true) / (1024 * 1024)} MiB"));
            return 0;
        }
        finally
        {
            foreach (var log in logs)
            {
                log.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static byte[] MakeBatch()
    {
        var builder = new RecordBatchBuilder();
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        for (int i = 0; i < BatchBytes / 1040; i++)
        {
            builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, value);
        }
        return builder.ToArray();
    }

    /// <summary>VmHWM from /proc: the most resident memory the process has had.</summary>
    private static long PeakRssMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / 1024;
            }
        }
        return -1;
    }
}
