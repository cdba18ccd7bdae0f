using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Server.Tests;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>Every metric docker/grafana/kafkanet-dashboard.json queries is one a broker's /metrics exports, under that exact name.</summary>
public sealed partial class DashboardMetricsTests
{
    private const string Topic = "dashboard";

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_in_a_scrape()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        await kafka.CreateTopicAsync(new TopicSpec(Topic, 1, 1, []));
        await ProduceFetchAndCommitAsync(kafka);
        // Counters appear once counted; ISR changes are counted only by a leader with followers (IsrMetricsTests).
        kafka.Broker.Metrics.IsrShrunk();
        kafka.Broker.Metrics.IsrExpanded();

        GC.Collect(); // the runtime's GC figures have a collection to report
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var exported = (await Scrapes.GetAsync(http, kafka.MetricsEndpoint!)).Select(s => s.Name).ToHashSet();
        var queried = DashboardQueries().SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet();

        Assert.True(queried.Count >= 20, $"the dashboard queries {queried.Count} metrics");
        Assert.Contains("kafka_consumergroup_lag", queried);
        Assert.Contains("kafka_network_requestmetrics_remotetime_milliseconds_bucket", queried);
        var missing = queried.Where(name => !exported.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "not exported: " + string.Join(", ", missing));
    }

    // A record in, read back, one fetch past the end (an error to count) and a committed offset (a lag to report).
    private static async Task ProduceFetchAndCommitAsync(EmbeddedKafka kafka)
    {
        using (var connection = await RawKafkaConnection.ConnectAsync(kafka.Port))
        {
            await connection.SendAsync(PipelinedWire.ProduceFrame(1, Topic, PipelinedWire.Batch(10)));
            Assert.Equal(0, (await PipelinedWire.ReceiveProduceAsync(connection, 1)).ErrorCode);
            await connection.SendAsync(PipelinedWire.FetchFrame(2, Topic, 0));
            await PipelinedWire.ReceiveAsync<Protocol.Messages.FetchResponse>(connection, 2, PipelinedWire.FetchVersion);
            await connection.SendAsync(PipelinedWire.FetchFrame(3, Topic, 1000));
            await PipelinedWire.ReceiveAsync<Protocol.Messages.FetchResponse>(connection, 3, PipelinedWire.FetchVersion);
        }
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "dashboard-test" }).Build();
        consumer.Commit([new TopicPartitionOffset(Topic, 0, 0)]);
    }

    // The expressions of every panel and the queries of the template variables.
    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docker", "grafana", "kafkanet-dashboard.json")));
        var root = dashboard.RootElement;
        var queries = root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        queries.AddRange(root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.TryGetProperty("definition", out _))
            .Select(v => v.GetProperty("definition").GetString()!));
        return queries;
    }

    [GeneratedRegex(@"\b(kafka|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
