using System.Net;
using System.Net.Sockets;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>kafka_server_socketservermetrics_connectioncount follows connections as they open and close.</summary>
public sealed class ConnectionCountTests
{
    [Fact]
    public async Task A_connection_is_counted_while_open()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, kafka.Port);
            Assert.Equal(1, await WaitForCountAsync(http, kafka.MetricsEndpoint!, 1));
        }
        Assert.Equal(0, await WaitForCountAsync(http, kafka.MetricsEndpoint!, 0));
    }

    // The broker sees opens and closes asynchronously: scrape until the count is the one expected.
    private static async Task<double> WaitForCountAsync(HttpClient http, Uri endpoint, double expected)
    {
        var samples = await Scrapes.UntilAsync(http, endpoint, s => Count(s) == expected);
        return Count(samples);
    }

    private static double Count(List<PrometheusSample> samples) =>
        samples.SingleOrDefault(s => s.Name == "kafka_server_socketservermetrics_connectioncount" && s.Label("listener") == "PLAINTEXT")?.Value ?? -1;
}
