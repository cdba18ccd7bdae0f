using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>GET /metrics after a real client produced and consumed: Kafka's metric names, in valid Prometheus text.</summary>
public sealed class MetricsEndpointTests
{
    private const int Records = 40;
    private const int ValueSize = 200;

    [Fact]
    public async Task Scrape_counts_what_a_client_produced_and_consumed()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        const string topic = "metered";
        await kafka.CreateTopicAsync(new TopicSpec(topic, 2, 1, []));

        await ProduceAsync(kafka.BootstrapServers, topic);
        int consumed = Consume(kafka.BootstrapServers, topic);
        Assert.Equal(Records, consumed);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/metrics"));
        Assert.Equal(System.Net.HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());

        Assert.Equal(Records, Single(samples, "kafka_server_brokertopicmetrics_messagesin_total", topic));
        Assert.True(Single(samples, "kafka_server_brokertopicmetrics_bytesin_total", topic) >= Records * ValueSize);
        Assert.True(Single(samples, "kafka_server_brokertopicmetrics_bytesout_total", topic) >= Records * ValueSize);
        Assert.True(samples.Where(s => s.Name == "kafka_network_requestmetrics_requests_total" && s.Label("request") == "Produce").Sum(s => s.Value) > 0);
        var buckets = samples.Where(s => s.Name == "kafka_network_requestmetrics_totaltime_milliseconds_bucket" && s.Label("request") == "Produce").ToList();
        Assert.True(buckets.Count > 2, "the Produce latency histogram has buckets");
        Assert.Contains(buckets, b => b.Label("le") == "+Inf" && b.Value > 0);
        Assert.True(samples.Single(s => s.Name == "kafka_server_socketservermetrics_connectioncount" && s.Label("listener") == "PLAINTEXT").Value >= 0);
        Assert.Equal(2, samples.Count(s => s.Name == "kafka_log_log_numlogsegments" && s.Label("topic") == topic));
        Assert.Equal(0, samples.Single(s => s.Name == "kafka_server_replicamanager_underreplicatedpartitions").Value);
        Assert.True(samples.Single(s => s.Name == "kafka_network_requestmetrics_errors_total" && s.Label("request") == "Fetch" && s.Label("error") == "OFFSET_OUT_OF_RANGE").Value >= 1);
        var lag = samples.Where(s => s.Name == "kafka_consumergroup_lag" && s.Label("consumergroup") == "metrics-test").ToDictionary(s => s.Label("partition")!, s => s.Value);
        Assert.Equal(Records / 2, lag["0"]);
        Assert.Equal(0, lag["1"]);
    }

    private static double Single(List<PrometheusSample> samples, string name, string topic) =>
        samples.Single(s => s.Name == name && s.Label("topic") == topic).Value;

    private static async Task ProduceAsync(string bootstrap, string topic)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, MessageTimeoutMs = 20000 }).Build();
        var value = new byte[ValueSize];
        for (int i = 0; i < Records; i++)
        {
            value[0] = (byte)i;
            producer.Produce(new TopicPartition(topic, new Partition(i % 2)), new Message<Null, byte[]> { Value = value });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        await Task.CompletedTask;
    }

    private static int Consume(string bootstrap, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "metrics-test",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        // Partition 1 from past its end: the broker answers OFFSET_OUT_OF_RANGE and the consumer starts again from the beginning.
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, 1_000_000)]);
        int consumed = 0;
        var clock = Stopwatch.StartNew();
        while (consumed < Records && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null })
            {
                consumed++;
            }
        }
        // Partition 0 committed at its start, partition 1 at its end: lag is partition 0's records, then none.
        consumer.Commit([new TopicPartitionOffset(topic, 0, 0), new TopicPartitionOffset(topic, 1, consumer.Position(new TopicPartition(topic, 1)))]);
        return consumed;
    }
}
