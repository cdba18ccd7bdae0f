namespace KafkaNet.Cli.Perf;

/// <summary>Latency figures of a run, in milliseconds.</summary>
internal sealed record LatencySummary(double AvgMs, double MaxMs, double P50Ms, double P95Ms, double P99Ms, double P999Ms)
{
    public static LatencySummary From(LatencyHistogram histogram) => new(
        histogram.Mean / 1000.0,
        histogram.Max / 1000.0,
        histogram.Percentile(0.50) / 1000.0,
        histogram.Percentile(0.95) / 1000.0,
        histogram.Percentile(0.99) / 1000.0,
        histogram.Percentile(0.999) / 1000.0);
}
