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

    /// <summary>Kafka's columns, then the requests and responses the client exchanged (-1 without statistics).</summary>
    public const string ConsumeHeader =
        "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, requests, responses";

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

    /// <summary>Kafka's final line, then the request counts, then any failures.</summary>
    public static string ProduceFinal(ProduceResult result)
    {
        var line = Summary(result.Records, "sent", result.RecordsPerSecond, result.MegabytesPerSecond, result.Latency, "F2")
            + RequestColumns(result.Requests);
        return result.Errors == 0 ? line : line + string.Create(Invariant, $" {result.Errors} records failed.");
    }

    /// <summary>The produce line's shape, with microsecond digits: latencies here are often below a millisecond.</summary>
    public static string EndToEndFinal(EndToEndResult result)
    {
        var line = Summary(result.Records, "received", result.RecordsPerSecond, result.MegabytesPerSecond, result.Latency, "F3")
            + RequestColumns(result.Requests);
        if (result.Lost > 0)
        {
            line += string.Create(Invariant, $" {result.Lost} records lost.");
        }

        return result.Errors == 0 ? line : line + string.Create(Invariant, $" {result.Errors} records failed.");
    }

    public static string ConsumeLine(ConsumeResult result) => string.Format(
        Invariant,
        "{0}, {1}, {2:F4}, {3:F4}, {4}, {5:F4}, {6}, {7}",
        Timestamp(result.Start),
        Timestamp(result.End),
        result.Megabytes,
        result.MegabytesPerSecond,
        result.Records,
        result.RecordsPerSecond,
        result.Requests?.Requests ?? -1,
        result.Requests?.Responses ?? -1);

    public static string ProduceJson(ProduceResult result) => Json(writer =>
    {
        writer.WriteNumber("records", result.Records);
        writer.WriteNumber("bytes", result.Bytes);
        writer.WriteNumber("errors", result.Errors);
        writer.WriteNumber("elapsed_sec", Round(result.ElapsedSeconds));
        writer.WriteNumber("records_per_sec", Round(result.RecordsPerSecond));
        writer.WriteNumber("mb_per_sec", Round(result.MegabytesPerSecond));
        WriteLatency(writer, result.Latency);
        WriteRequests(writer, result.Requests);
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
        WriteRequests(writer, result.Requests);
    });

    public static string EndToEndJson(EndToEndResult result) => Json(writer =>
    {
        writer.WriteNumber("records", result.Records);
        writer.WriteNumber("warmup_records", result.WarmupRecords);
        writer.WriteNumber("lost", result.Lost);
        writer.WriteNumber("errors", result.Errors);
        writer.WriteNumber("bytes", result.Bytes);
        writer.WriteNumber("elapsed_sec", Round(result.ElapsedSeconds));
        writer.WriteNumber("records_per_sec", Round(result.RecordsPerSecond));
        writer.WriteNumber("mb_per_sec", Round(result.MegabytesPerSecond));
        WriteLatency(writer, result.Latency);
        WriteRequests(writer, result.Requests);
    });

    private static string Summary(long records, string verb, double recordsPerSecond, double megabytesPerSecond, LatencySummary l, string digits) =>
        string.Format(
            Invariant,
            "{0} records " + verb + ", {1:F1} records/sec ({2:F2} MB/sec), {3:" + digits + "} ms avg latency, {4:" + digits + "} ms max latency, "
                + "{5:" + digits + "} ms 50th, {6:" + digits + "} ms 95th, {7:" + digits + "} ms 99th, {8:" + digits + "} ms 99.9th.",
            records,
            recordsPerSecond,
            megabytesPerSecond,
            l.AvgMs,
            l.MaxMs,
            l.P50Ms,
            l.P95Ms,
            l.P99Ms,
            l.P999Ms);

    private static string RequestColumns(RequestCounts? requests) => string.Create(
        Invariant,
        $" {requests?.Requests ?? -1} requests, {requests?.Responses ?? -1} responses.");

    private static void WriteLatency(Utf8JsonWriter writer, LatencySummary latency)
    {
        writer.WriteNumber("avg_latency_ms", Round(latency.AvgMs));
        writer.WriteNumber("max_latency_ms", Round(latency.MaxMs));
        writer.WriteNumber("p50_ms", Round(latency.P50Ms));
        writer.WriteNumber("p95_ms", Round(latency.P95Ms));
        writer.WriteNumber("p99_ms", Round(latency.P99Ms));
        writer.WriteNumber("p999_ms", Round(latency.P999Ms));
    }

    /// <summary>Null values when the client reported no statistics, so a script can tell "unknown" from zero.</summary>
    private static void WriteRequests(Utf8JsonWriter writer, RequestCounts? requests)
    {
        foreach (var (name, value) in new (string, long?)[]
        {
            ("requests", requests?.Requests),
            ("responses", requests?.Responses),
            ("request_bytes", requests?.RequestBytes),
            ("response_bytes", requests?.ResponseBytes),
        })
        {
            if (value is { } number)
            {
                writer.WriteNumber(name, number);
            }
            else
            {
                writer.WriteNull(name);
            }
        }
    }

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
