using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Text in the shape Kafka's perf tools print, so numbers can be compared side by side, and one
/// JSON object per run for scripts that record benchmarks.
/// </summary>
internal static class ResultFormatter
{
    /// <summary>Kafka's perf tools count a megabyte as 2^20 bytes.</summary>
    public const double BytesPerMegabyte = 1024 * 1024;

    public const string ConsumeHeader =
        "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A progress line: throughput and average and maximum latency over the last window.</summary>
    public static string ProduceWindow(ProduceResult window) => string.Format(
        Invariant,
        "{0} records sent, {1:F1} records/sec ({2:F2} MB/sec), {3:F2} ms avg latency, {4:F2} ms max latency.",
        window.Records,
        window.RecordsPerSecond,
        window.MegabytesPerSecond,
        window.Latency.AvgMs,
        window.Latency.MaxMs);

    public static string ProduceFinal(ProduceResult result)
    {
        var l = result.Latency;
        var line = string.Format(
            Invariant,
            "{0} records sent, {1:F1} records/sec ({2:F2} MB/sec), {3:F2} ms avg latency, {4:F2} ms max latency, "
                + "{5:F2} ms 50th, {6:F2} ms 95th, {7:F2} ms 99th, {8:F2} ms 99.9th.",
            result.Records,
            result.RecordsPerSecond,
            result.MegabytesPerSecond,
            l.AvgMs,
            l.MaxMs,
            l.P50Ms,
            l.P95Ms,
            l.P99Ms,
            l.P999Ms);
        return result.Errors == 0 ? line : line + string.Create(Invariant, $" {result.Errors} records failed.");
    }

    public static string ConsumeLine(ConsumeResult result) => string.Format(
        Invariant,
        "{0}, {1}, {2:F4}, {3:F4}, {4}, {5:F4}",
        Timestamp(result.Start),
        Timestamp(result.End),
        result.Megabytes,
        result.MegabytesPerSecond,
        result.Records,
        result.RecordsPerSecond);

    public static string ProduceJson(ProduceResult result) => Json(writer =>
    {
        writer.WriteNumber("records", result.Records);
        writer.WriteNumber("bytes", result.Bytes);
        writer.WriteNumber("errors", result.Errors);
        writer.WriteNumber("elapsed_sec", Round(result.ElapsedSeconds));
        writer.WriteNumber("records_per_sec", Round(result.RecordsPerSecond));
        writer.WriteNumber("mb_per_sec", Round(result.MegabytesPerSecond));
        writer.WriteNumber("avg_latency_ms", Round(result.Latency.AvgMs));
        writer.WriteNumber("max_latency_ms", Round(result.Latency.MaxMs));
        writer.WriteNumber("p50_ms", Round(result.Latency.P50Ms));
        writer.WriteNumber("p95_ms", Round(result.Latency.P95Ms));
        writer.WriteNumber("p99_ms", Round(result.Latency.P99Ms));
        writer.WriteNumber("p999_ms", Round(result.Latency.P999Ms));
    });

    public static string ConsumeJson(ConsumeResult result) => Json(writer =>
    {
        writer.WriteString("start_time", Timestamp(result.Start));
        writer.WriteString("end_time", Timestamp(result.End));
        writer.WriteNumber("records", result.Records);
        writer.WriteNumber("bytes", result.Bytes);
        writer.WriteNumber("elapsed_sec", Round(result.ElapsedSeconds));
        writer.WriteNumber("mb", Round(result.Megabytes));
        writer.WriteNumber("mb_per_sec", Round(result.MegabytesPerSecond));
        writer.WriteNumber("records_per_sec", Round(result.RecordsPerSecond));
    });

    // Microsecond-level digits are noise in a benchmark record; rounding keeps the files diffable.
    private static double Round(double value) => Math.Round(value, 3);

    private static string Timestamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss:fff", Invariant);

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
