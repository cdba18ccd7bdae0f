namespace KafkaNet.Cli.Perf;

/// <summary>
/// The outcome of a consume run: wall-clock start and end, what was read between them, and the
/// requests it took (null when the client reports no statistics).
/// </summary>
internal sealed record ConsumeResult(DateTimeOffset Start, DateTimeOffset End, long Records, long Bytes, RequestCounts? Requests = null)
{
    public double ElapsedSeconds => Math.Max(0, (End - Start).TotalSeconds);

    public double Megabytes => Bytes / ResultFormatter.BytesPerMegabyte;

    public double MegabytesPerSecond => ElapsedSeconds > 0 ? Megabytes / ElapsedSeconds : 0;

    public double RecordsPerSecond => ElapsedSeconds > 0 ? Records / ElapsedSeconds : 0;
}
