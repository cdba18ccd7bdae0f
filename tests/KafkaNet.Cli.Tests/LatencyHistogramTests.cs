using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_nearest_ranks()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in Enumerable.Range(1, 100).Reverse())
        {
            histogram.Record(value);
        }

        Assert.Equal(100, histogram.Count);
        Assert.Equal(50.5, histogram.Mean);
        Assert.Equal(100, histogram.Max);
        Assert.Equal(1, histogram.Percentile(0));
        Assert.Equal(50, histogram.Percentile(0.50));
        Assert.Equal(95, histogram.Percentile(0.95));
        Assert.Equal(99, histogram.Percentile(0.99));
        Assert.Equal(100, histogram.Percentile(0.999));
        Assert.Equal(100, histogram.Percentile(1));
    }

    [Fact]
    public void A_single_outlier_shows_only_in_the_top_percentile()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(200);
        }

        histogram.Record(450);

        Assert.Equal(200, histogram.Percentile(0.99));
        Assert.Equal(200, histogram.Percentile(0.999));
        Assert.Equal(450, histogram.Percentile(1));
    }

    [Fact]
    public void Large_values_are_reported_within_half_a_percent()
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 10_000).Select(i => i * 1_337L).ToArray();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        foreach (var fraction in new[] { 0.5, 0.95, 0.99, 0.999 })
        {
            var exact = values[(int)Math.Ceiling(fraction * values.Length) - 1];
            var reported = histogram.Percentile(fraction);
            Assert.InRange(reported, exact, exact * 1.005);
        }

        Assert.Equal(values[^1], histogram.Percentile(1));
    }

    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.Percentile(0.99));
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Values_beyond_the_range_are_clamped_not_lost()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(long.MaxValue);
        histogram.Record(-5);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, histogram.Percentile(0.5));
        Assert.Equal(histogram.Max, histogram.Percentile(1));
    }

    [Fact]
    public void Summary_converts_microseconds_to_milliseconds()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in Enumerable.Range(1, 100))
        {
            histogram.Record(value * 5);
        }

        var summary = LatencySummary.From(histogram);

        Assert.Equal(new LatencySummary(0.2525, 0.5, 0.25, 0.475, 0.495, 0.5), summary);
    }
}
