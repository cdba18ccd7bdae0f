namespace KafkaNet.Server.Tests;

/// <summary>metrics.listener: off unless set, an http://host:port address when set.</summary>
public sealed class MetricsListenerConfigTests
{
    [Fact]
    public void Metrics_listener_is_off_by_default() => Assert.Null(Props.Load().MetricsListener);

    [Fact]
    public void An_empty_value_keeps_it_off() => Assert.Null(Props.Load("metrics.listener=").MetricsListener);

    [Theory]
    [InlineData("http://127.0.0.1:9404", "127.0.0.1", 9404)]
    [InlineData("http://0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("http://metrics.example:8080/", "metrics.example", 8080)]
    public void An_http_address_is_the_listener(string value, string host, int port)
    {
        var listener = Props.Load("metrics.listener=" + value).MetricsListener;

        Assert.NotNull(listener);
        Assert.Equal(host, listener.Host);
        Assert.Equal(port, listener.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:9404")]
    [InlineData("https://127.0.0.1:9404")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:9404/metrics")]
    [InlineData("PLAINTEXT://127.0.0.1:9404")]
    public void Anything_else_stops_startup_naming_the_property(string value) => Props.Rejects("metrics.listener", value);
}
