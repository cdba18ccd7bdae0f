namespace KafkaNet.Cli.Perf;

/// <summary>
/// The outcome of an end-to-end run. <paramref name="Records"/> and the rates count measured
/// records only (warm-up excluded); the rate is over the time from the first measured send to the
/// last receive. <paramref name="Requests"/> sums producer and consumer, null without statistics.
/// </summary>
internal sealed record EndToEndResult(
    long Records,
    long WarmupRecords,
    long Lost,
    long Errors,
    long Bytes,
    double ElapsedSeconds,
    LatencySummary Latency,
    RequestCounts? Requests = null)
{
    public double RecordsPerSecond => ElapsedSeconds > 0 ? Records / ElapsedSeconds : 0;

    public double MegabytesPerSecond => ElapsedSeconds > 0 ? Bytes / ResultFormatter.BytesPerMegabyte / ElapsedSeconds : 0;
}
