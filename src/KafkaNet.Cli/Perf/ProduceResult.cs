namespace KafkaNet.Cli.Perf;

/// <summary>
/// The outcome of a produce run (or of one progress window, whose percentiles are not shown).
/// <paramref name="Requests"/> is null for a window, or when the client reports no statistics.
/// </summary>
internal sealed record ProduceResult(
    long Records,
    long Bytes,
    double ElapsedSeconds,
    long Errors,
    LatencySummary Latency,
    RequestCounts? Requests = null)
{
    public double RecordsPerSecond => ElapsedSeconds > 0 ? Records / ElapsedSeconds : 0;

    public double MegabytesPerSecond => ElapsedSeconds > 0 ? Bytes / ResultFormatter.BytesPerMegabyte / ElapsedSeconds : 0;
}
