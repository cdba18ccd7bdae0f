namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>The scrape parser the metrics tests rely on accepts the format and nothing else.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void Reads_samples_with_labels_escapes_and_timestamps()
    {
        var samples = PrometheusText.Parse(
            "# HELP requests_total Requests \\\\ served\n" +
            "# TYPE requests_total counter\n" +
            "requests_total{request=\"Produce\",version=\"9\"} 3 1700000000000\n" +
            "\n" +
            "latency_bucket{le=\"+Inf\",path=\"a\\\"b\\\\c\\nd\",} 7\n" +
            "up 1\n" +
            "temperature -Inf\n");

        Assert.Equal(4, samples.Count);
        Assert.Equal("Produce", samples[0].Label("request"));
        Assert.Equal(3, samples[0].Value);
        Assert.Equal("a\"b\\c\nd", samples[1].Label("path"));
        Assert.Equal(double.NegativeInfinity, samples[3].Value);
    }

    [Theory]
    [InlineData("requests_total{request=\"Produce} 1")]
    [InlineData("requests_total{request=\"a\\q\"} 1")]
    [InlineData("1requests 1")]
    [InlineData("requests_total")]
    [InlineData("requests_total 1 2 3")]
    [InlineData("requests_total one")]
    [InlineData("requests_total{9a=\"x\"} 1")]
    [InlineData("requests_total{a=\"x\" b=\"y\"} 1")]
    [InlineData("requests_total{a=\"x\",a=\"y\"} 1")]
    [InlineData("requests_total 1 1.5")]
    [InlineData("# TYPE requests_total speed")]
    [InlineData("# HELP 9bad text")]
    public void Rejects_malformed_lines(string line) => Assert.Throws<FormatException>(() => PrometheusText.Parse("ok 1\n" + line + "\n"));
}
