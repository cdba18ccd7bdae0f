using System.Globalization;
using System.Runtime.InteropServices;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>The machine line and Markdown tables of the medians over runs, ready for docs/benchmarks.md.</summary>
internal static class BenchReport
{
    public static string MachineLine()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        long gib = long.Parse(memory.AsSpan(9).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) / (1024 * 1024);
        string os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "Linux"
            : "Linux";
        return FormattableString.Invariant($"{Environment.ProcessorCount} cores ({cpu}), {gib} GiB, {os}, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>Medians over runs of each rebalance configuration and pass, with the run medians to show the spread.</summary>
    public static void PrintRebalances(IEnumerable<RebalancePass> passes) => PrintTable(
        ["Protocol", "Members", "Pass", "Runs", "Median", "p95", "Run medians (ms)", "Broker CPU / rebalance", "Requests / rebalance"],
        passes.GroupBy(p => (p.Protocol, p.Members, p.Pass)).Select(g => g.ToList()).Select(runs => FormattableString.Invariant(
            $"{runs[0].Protocol} | {runs[0].Members} | {runs[0].Pass} | {runs.Count} | {Median(runs, r => r.MedianMs):F2} ms | {Median(runs, r => r.P95Ms):F2} ms | {Each(runs, r => r.MedianMs, "F2")} | {Median(runs, r => r.CpuMsPerRebalance):F2} ms | {Median(runs, r => r.RequestsPerRebalance):F0}")));

    /// <summary>Medians over runs of each commit configuration and pass, with the run throughputs to show the spread.</summary>
    public static void PrintCommits(IEnumerable<CommitPass> passes) => PrintTable(
        ["Connections", "Partitions / commit", "Pass", "Runs", "Commits/s", "Run commits/s", "p50", "p99", "Broker CPU / commit", "Broker cores"],
        passes.GroupBy(p => (p.Connections, p.PartitionsPerRequest, p.Pass)).Select(g => g.ToList()).Select(runs => FormattableString.Invariant(
            $"{runs[0].Connections} | {runs[0].PartitionsPerRequest} | {runs[0].Pass} | {runs.Count} | {Median(runs, r => r.RequestsPerSecond):F0} | {Each(runs, r => r.RequestsPerSecond, "F0")} | {Median(runs, r => r.P50Ms):F3} ms | {Median(runs, r => r.P99Ms):F3} ms | {Median(runs, r => r.CpuMicrosPerRequest):F0} µs | {Median(runs, r => r.BrokerCores):F2}")));

    private static void PrintTable(string[] columns, IEnumerable<string> rows)
    {
        Console.WriteLine("| " + string.Join(" | ", columns) + " |");
        Console.WriteLine("|" + string.Concat(columns.Select(_ => " --- |")));
        foreach (string row in rows)
        {
            Console.WriteLine("| " + row + " |");
        }
    }

    private static double Median<T>(List<T> runs, Func<T, double> value) => Percentiles.Median(runs.Select(value).ToList());

    private static string Each<T>(List<T> runs, Func<T, double> value, string format) =>
        string.Join(" / ", runs.Select(r => value(r).ToString(format, CultureInfo.InvariantCulture)));
}
