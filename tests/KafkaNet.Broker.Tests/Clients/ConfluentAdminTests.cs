using Confluent.Kafka;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>librdkafka, through Confluent.Kafka, against the embedded broker over loopback.</summary>
public sealed class ConfluentAdminTests
{
    [Fact]
    public async Task GetMetadata_returns_our_broker_id_host_and_port()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { NodeId = 7 });
        using var admin = new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            SocketTimeoutMs = 10000,
        }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        var broker = Assert.Single(metadata.Brokers);
        Assert.Equal(7, broker.BrokerId);
        Assert.Equal("127.0.0.1", broker.Host);
        Assert.Equal(kafka.Port, broker.Port);
        Assert.Empty(metadata.Topics);
    }

    [Fact]
    public async Task Cluster_id_is_kept_in_meta_properties_across_restarts()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kafkanet-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string first;
            await using (var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir }))
            {
                first = kafka.Broker.ClusterId;
            }
            await using (var again = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir }))
            {
                Assert.Equal(first, again.Broker.ClusterId);
            }
            Assert.Equal(22, first.Length);
            Assert.Contains("cluster.id=" + first, await File.ReadAllTextAsync(Path.Combine(dir, "meta.properties")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
