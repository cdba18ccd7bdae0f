using System.Text.Json;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class ResultFormatterTests
{
    private static readonly ProduceResult Produced = new(
        Records: 100_000,
        Bytes: 100_000 * 1024L,
        ElapsedSeconds: 4,
        Errors: 0,
        new LatencySummary(AvgMs: 2.345, MaxMs: 40, P50Ms: 1.5, P95Ms: 7.25, P99Ms: 12, P999Ms: 35.126),
        new RequestCounts(Requests: 812, Responses: 810, RequestBytes: 104_000_000, ResponseBytes: 60_000));

    private static readonly ConsumeResult Consumed = new(
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 3, 4, 7, 678, TimeSpan.Zero),
        Records: 4096,
        Bytes: 4 * 1024 * 1024,
        new RequestCounts(Requests: 9, Responses: 9, RequestBytes: 900, ResponseBytes: 4_300_000));

    private static readonly EndToEndResult EndToEnd = new(
        Records: 20_000,
        WarmupRecords: 1000,
        Lost: 0,
        Errors: 0,
        Bytes: 20_000 * 1024L,
        ElapsedSeconds: 20,
        new LatencySummary(AvgMs: 0.4123, MaxMs: 3.5, P50Ms: 0.398, P95Ms: 0.61, P99Ms: 0.8126, P999Ms: 1.7),
        new RequestCounts(Requests: 40_100, Responses: 40_090, RequestBytes: 21_000_000, ResponseBytes: 22_000_000));

    [Fact]
    public void Final_produce_line_reads_like_kafkas()
    {
        Assert.Equal(
            "100000 records sent, 25000.0 records/sec (24.41 MB/sec), 2.35 ms avg latency, 40.00 ms max latency, "
            + "1.50 ms 50th, 7.25 ms 95th, 12.00 ms 99th, 35.13 ms 99.9th. 812 requests, 810 responses.",
            ResultFormatter.ProduceFinal(Produced));
    }

    [Fact]
    public void Failed_deliveries_are_counted_at_the_end_of_the_line()
    {
        var line = ResultFormatter.ProduceFinal(Produced with { Errors = 3 });

        Assert.EndsWith("35.13 ms 99.9th. 812 requests, 810 responses. 3 records failed.", line);
    }

    [Fact]
    public void Progress_line_shows_window_throughput_and_latency()
    {
        var window = new ProduceResult(5000, 5000 * 100, 5, 0, new LatencySummary(1.25, 9.5, 0, 0, 0, 0));

        Assert.Equal(
            "5000 records sent, 1000.0 records/sec (0.10 MB/sec), 1.25 ms avg latency, 9.50 ms max latency.",
            ResultFormatter.ProduceWindow(window));
    }

    [Fact]
    public void Consume_line_matches_the_header_columns()
    {
        Assert.Equal(8, ResultFormatter.ConsumeHeader.Split(", ").Length);
        Assert.Equal(
            "2026-01-02 03:04:05:678, 2026-01-02 03:04:07:678, 4.0000, 2.0000, 4096, 2048.0000, 9, 9",
            ResultFormatter.ConsumeLine(Consumed));
    }

    [Fact]
    public void Unknown_request_counts_print_as_minus_one()
    {
        Assert.EndsWith(", 4096, 2048.0000, -1, -1", ResultFormatter.ConsumeLine(Consumed with { Requests = null }));
        Assert.EndsWith("99.9th. -1 requests, -1 responses.", ResultFormatter.ProduceFinal(Produced with { Requests = null }));
    }

    [Fact]
    public void End_to_end_line_reads_like_the_produce_line_with_microsecond_digits()
    {
        Assert.Equal(
            "20000 records received, 1000.0 records/sec (0.98 MB/sec), 0.412 ms avg latency, 3.500 ms max latency, "
            + "0.398 ms 50th, 0.610 ms 95th, 0.813 ms 99th, 1.700 ms 99.9th. 40100 requests, 40090 responses.",
            ResultFormatter.EndToEndFinal(EndToEnd));
    }

    [Fact]
    public void End_to_end_line_ends_with_lost_and_failed_records()
    {
        var line = ResultFormatter.EndToEndFinal(EndToEnd with { Lost = 4, Errors = 2 });

        Assert.EndsWith("40090 responses. 4 records lost. 2 records failed.", line);
    }

    [Fact]
    public void End_to_end_json_is_one_object_with_every_figure()
    {
        using var json = JsonDocument.Parse(ResultFormatter.EndToEndJson(EndToEnd));
        var root = json.RootElement;

        Assert.Equal(20_000, root.GetProperty("records").GetInt64());
        Assert.Equal(1000, root.GetProperty("warmup_records").GetInt64());
        Assert.Equal(0, root.GetProperty("lost").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.Equal(1000, root.GetProperty("records_per_sec").GetDouble());
        Assert.Equal(0.398, root.GetProperty("p50_ms").GetDouble());
        Assert.Equal(0.813, root.GetProperty("p99_ms").GetDouble());
        Assert.Equal(1.7, root.GetProperty("p999_ms").GetDouble());
        Assert.Equal(3.5, root.GetProperty("max_latency_ms").GetDouble());
        Assert.Equal(40_100, root.GetProperty("requests").GetInt64());
        Assert.Equal(40_090, root.GetProperty("responses").GetInt64());
        Assert.Equal(21_000_000, root.GetProperty("request_bytes").GetInt64());
    }

    [Fact]
    public void Json_request_counts_are_null_when_unknown()
    {
        using var json = JsonDocument.Parse(ResultFormatter.ConsumeJson(Consumed with { Requests = null }));

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("requests").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("response_bytes").ValueKind);
    }

    [Fact]
    public void Produce_json_is_one_object_with_every_figure()
    {
        using var json = JsonDocument.Parse(ResultFormatter.ProduceJson(Produced));
        var root = json.RootElement;

        Assert.Equal(100_000, root.GetProperty("records").GetInt64());
        Assert.Equal(102_400_000, root.GetProperty("bytes").GetInt64());
        Assert.Equal(0, root.GetProperty("errors").GetInt64());
        Assert.Equal(4, root.GetProperty("elapsed_sec").GetDouble());
        Assert.Equal(25000, root.GetProperty("records_per_sec").GetDouble());
        Assert.Equal(24.414, root.GetProperty("mb_per_sec").GetDouble());
        Assert.Equal(2.345, root.GetProperty("avg_latency_ms").GetDouble());
        Assert.Equal(40, root.GetProperty("max_latency_ms").GetDouble());
        Assert.Equal(1.5, root.GetProperty("p50_ms").GetDouble());
        Assert.Equal(7.25, root.GetProperty("p95_ms").GetDouble());
        Assert.Equal(12, root.GetProperty("p99_ms").GetDouble());
        Assert.Equal(35.126, root.GetProperty("p999_ms").GetDouble());
        Assert.Equal(812, root.GetProperty("requests").GetInt64());
        Assert.Equal(810, root.GetProperty("responses").GetInt64());
        Assert.Equal(104_000_000, root.GetProperty("request_bytes").GetInt64());
        Assert.Equal(60_000, root.GetProperty("response_bytes").GetInt64());
    }

    [Fact]
    public void Consume_json_is_one_object_with_every_figure()
    {
        using var json = JsonDocument.Parse(ResultFormatter.ConsumeJson(Consumed));
        var root = json.RootElement;

        Assert.Equal("2026-01-02 03:04:05:678", root.GetProperty("start_time").GetString());
        Assert.Equal("2026-01-02 03:04:07:678", root.GetProperty("end_time").GetString());
        Assert.Equal(4096, root.GetProperty("records").GetInt64());
        Assert.Equal(4_194_304, root.GetProperty("bytes").GetInt64());
        Assert.Equal(2, root.GetProperty("elapsed_sec").GetDouble());
        Assert.Equal(4, root.GetProperty("mb").GetDouble());
        Assert.Equal(2, root.GetProperty("mb_per_sec").GetDouble());
        Assert.Equal(2048, root.GetProperty("records_per_sec").GetDouble());
        Assert.Equal(9, root.GetProperty("requests").GetInt64());
        Assert.Equal(4_300_000, root.GetProperty("response_bytes").GetInt64());
    }

    [Fact]
    public void A_run_that_took_no_time_reports_zero_rates()
    {
        var empty = new ConsumeResult(Consumed.Start, Consumed.Start, 0, 0);

        Assert.Equal(0, empty.RecordsPerSecond);
        Assert.Equal(0, empty.MegabytesPerSecond);
    }
}
