using System.Net;
using KafkaNet.Embedded;
using KafkaNet.Server.Configuration;

namespace KafkaNet.WebConsole.Tests;

/// <summary>The console is off unless enabled: console.enabled, or the embedded broker's WebConsole option.</summary>
public sealed class ConsoleDisabledTests
{
    [Fact]
    public async Task Without_the_option_the_metrics_listener_serves_no_console()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/console"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/console/"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/console/api/brokers"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/metrics"))).StatusCode);
    }

    [Fact]
    public void Console_enabled_is_off_by_default() =>
        Assert.False(ServerConfigurationLoader.FromProperties(new Dictionary<string, string>()).Config.ConsoleEnabled);

    [Fact]
    public void Console_enabled_with_a_metrics_listener_turns_it_on() =>
        Assert.True(ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["metrics.listener"] = "http://127.0.0.1:9404",
            ["console.enabled"] = "true",
        }).Config.ConsoleEnabled);

    [Fact]
    public void Console_enabled_without_a_metrics_listener_stops_startup()
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigurationLoader.FromProperties(new Dictionary<string, string> { ["console.enabled"] = "true" }));

        Assert.Contains("console.enabled", e.Message);
        Assert.Contains("metrics.listener", e.Message);
    }
}
