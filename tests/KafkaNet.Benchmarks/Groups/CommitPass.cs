namespace KafkaNet.Benchmarks.Groups;

/// <summary>One pass of offset commits: throughput, latency and the broker's CPU time per request.</summary>
internal sealed record CommitPass(int Connections, int PartitionsPerRequest, string Pass, long Requests, double Seconds,
    double P50Ms, double P99Ms, double CpuSeconds)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double CpuMicrosPerRequest => CpuSeconds * 1e6 / Math.Max(1, Requests);

    /// <summary>Cores the broker kept busy on average: 1.0 is one core.</summary>
    public double BrokerCores => CpuSeconds / Seconds;

    public override string ToString() => FormattableString.Invariant(
        $"commits K={Connections} P={PartitionsPerRequest} {Pass}: {Requests} requests in {Seconds:F1} s = {RequestsPerSecond:F0} req/s ({RequestsPerSecond * PartitionsPerRequest:F0} offsets/s), p50 {P50Ms:F3} ms, p99 {P99Ms:F3} ms, broker CPU {CpuMicrosPerRequest:F0} µs/request ({BrokerCores:F2} cores)");
}
