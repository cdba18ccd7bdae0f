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
        new LatencySummary(AvgMs: 2.345, MaxMs: 40, P50Ms: 1.5, P95Ms: 7.25, P99Ms: 12, P999Ms: 35.126));

    private static readonly ConsumeResult Consumed = new(
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 2, 3, 4, 7, 678, TimeSpan.Zero),
        Records: 4096,
        Bytes: 4 * 1024 * 1024);

    [Fact]
    public void Final_produce_line_reads_like_kafkas()
    {
        Assert.Equal(
            "100000 records sent, 25000.0 records/sec (24.41 MB/sec), 2.35 ms avg latency, 40.00 ms max latency, "
            + "1.50 ms 50th, 7.25 ms 95th, 12.00 ms 99th, 35.13 ms 99.9th.",
            ResultFormatter.ProduceFinal(Produced));
    }

    [Fact]
    public void Failed_deliveries_are_counted_at_the_end_of_the_line()
    {
        var line = ResultFormatter.ProduceFinal(Produced with { Errors = 3 });

        Assert.EndsWith("35.13 ms 99.9th. 3 records failed.", line);
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
        Assert.Equal(6, ResultFormatter.ConsumeHeader.Split(", ").Length);
        Assert.Equal(
            "2026-01-02 03:04:05:678, 2026-01-02 03:04:07:678, 4.0000, 2.0000, 4096, 2048.0000",
            ResultFormatter.ConsumeLine(Consumed));
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
    }

    [Fact]
    public void A_run_that_took_no_time_reports_zero_rates()
    {
        var empty = new ConsumeResult(Consumed.Start, Consumed.Start, 0, 0);

        Assert.Equal(0, empty.RecordsPerSecond);
        Assert.Equal(0, empty.MegabytesPerSecond);
    }
}
