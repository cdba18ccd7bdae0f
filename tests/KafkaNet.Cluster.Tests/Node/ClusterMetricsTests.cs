using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Metrics;
using KafkaNet.Cluster.Node;
using KafkaNet.Embedded;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>Each node of a cluster exports its own figures; a lost follower shows as an ISR shrink and an under-replicated partition.</summary>
public sealed class ClusterMetricsTests
{
    private const string Topic = "watched";
    private const int Records = 10;

    [Fact]
    public async Task The_leader_reports_a_lost_follower_and_only_the_leader_counts_its_appends()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3, new EmbeddedKafkaClusterOptions
        {
            MetricsListeners = true,
            // The leader drops the silent follower from the ISR (after 1 s) long before the controller would fence it.
            BrokerSessionTimeoutMs = 15000,
            Configure = b => b.Cluster.ReplicaLagTimeMaxMs = 1000,
        });
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 3 }]);
        }
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, MessageTimeoutMs = 20000 }).Build())
        {
            for (int i = 0; i < Records; i++)
            {
                await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "v" + i });
            }
        }
        int leaderId = cluster.Nodes[1].Broker.Topics.Find(Topic)!.Partition(0)!.Leader;
        var leader = cluster.Nodes[leaderId];
        var follower = cluster.Nodes.Values.First(n => n.NodeId != leaderId);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal(Records, MessagesIn(await ScrapeAsync(http, leader)));
        Assert.Null(MessagesIn(await ScrapeAsync(http, follower)));

        var lost = cluster.Nodes.Values.First(n => n.NodeId != leaderId && n.NodeId != follower.NodeId);
        await cluster.KillAsync(lost.NodeId);
        // A follower is out of sync only once the leader's log has moved past it.
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = leader.BootstrapServers, Acks = Acks.Leader, MessageTimeoutMs = 20000 }).Build())
        {
            await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "after" });
        }
        List<PrometheusSample> samples;
        var clock = Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
            samples = await ScrapeAsync(http, leader);
        }
        while (Value(samples, "kafka_server_replicamanager_underreplicatedpartitions") < 1 && clock.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(1, Value(samples, "kafka_server_replicamanager_underreplicatedpartitions"));
        Assert.True(Value(samples, "kafka_server_replicamanager_isrshrinks_total") >= 1);
        Assert.Equal(0, Value(samples, "kafka_controller_kafkacontroller_offlinepartitionscount"));
    }

    private static async Task<List<PrometheusSample>> ScrapeAsync(HttpClient http, KafkaNode node) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri(node.MetricsEndpoint!, "/metrics")));

    private static double? MessagesIn(List<PrometheusSample> samples) =>
        samples.SingleOrDefault(s => s.Name == "kafka_server_brokertopicmetrics_messagesin_total" && s.Label("topic") == Topic)?.Value;

    private static double Value(List<PrometheusSample> samples, string name) => samples.SingleOrDefault(s => s.Name == name)?.Value ?? -1;
}
