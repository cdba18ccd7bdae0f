namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// One pass of rebalances of one group size: the time from the last member's first request to a Stable
/// group, and the broker CPU time and requests each rebalance took.
/// </summary>
internal sealed record RebalancePass(string Protocol, int Members, string Pass, int Rounds, double MedianMs, double P95Ms,
    double CpuMsPerRebalance, double RequestsPerRebalance)
{
    public static RebalancePass From(string protocol, int members, string pass, IReadOnlyCollection<double> millis, double cpuSeconds, long requests) =>
        new(protocol, members, pass, millis.Count, Percentiles.Median(millis), Percentiles.Of(millis, 95),
            cpuSeconds * 1000 / Math.Max(1, millis.Count), (double)requests / Math.Max(1, millis.Count));

    public override string ToString() => FormattableString.Invariant(
        $"{Protocol} N={Members} {Pass}: {Rounds} rebalances, median {MedianMs:F2} ms, p95 {P95Ms:F2} ms, broker CPU {CpuMsPerRebalance:F2} ms/rebalance, {RequestsPerRebalance:F0} requests/rebalance");
}
