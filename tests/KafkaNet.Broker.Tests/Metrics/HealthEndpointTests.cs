using System.Net;
using System.Net.Sockets;
using KafkaNet.Cluster.Node;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>/health/live answers while the process serves; /health/ready only once the broker serves clients.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_serving_broker_is_live_and_ready()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/health/live"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/health/ready"))).StatusCode);
    }

    [Fact]
    public async Task A_broker_whose_controller_never_answers_is_live_but_not_ready()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kafkanet-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A broker-only node told of a controller that is not there: it never registers, so never serves clients.
            var node = await KafkaNode.StartAsync(new KafkaNodeOptions
            {
                Broker = new BrokerOptions
                {
                    NodeId = 2,
                    DataDirectory = dir,
                    AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0),
                    Cluster = new ClusterSettings { NodeId = 2, Roles = ProcessRoles.Broker, Voters = [new ControllerQuorumVoter(1, "127.0.0.1", UnusedPort())] },
                },
                ClientPort = 0,
                MetricsListener = new Uri("http://127.0.0.1:0"),
            });
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.MetricsEndpoint!, "/health/live"))).StatusCode);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri(node.MetricsEndpoint!, "/health/ready"))).StatusCode);
                Assert.False(node.Ready.IsCompleted);
            }
            finally
            {
                await node.KillAsync();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_option_no_metrics_listener_is_bound()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        Assert.Null(kafka.MetricsEndpoint);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
