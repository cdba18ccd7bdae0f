using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>
/// GET /metrics after a real client produced and consumed: Kafka's metric names, in valid Prometheus text, with the
/// exact records and bytes the log files hold, the log gauges and the group's lag.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Topic = "metered";
    private const string Group = "metrics-test";
    private const int Records = 40;
    private const int ValueSize = 200;

    [Fact]
    public async Task Scrape_counts_what_a_client_produced_and_consumed()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        await kafka.CreateTopicAsync(new TopicSpec(Topic, 2, 1, []));

        Produce(kafka.BootstrapServers);
        var (consumed, lags) = Consume(kafka.BootstrapServers);
        Assert.Equal(Records, consumed);
        var files = Enumerable.Range(0, 2).Select(p => LogFiles.Read(kafka.Broker.Replicas!.Find(Topic, p)!.Directory)).ToList();
        Assert.Equal(Records, files.Sum(f => f.Records));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scrape = await http.GetAsync(new Uri(kafka.MetricsEndpoint!, "/metrics"));
        Assert.Equal(System.Net.HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());

        // Bytes in are the batches as appended, which is what the segment files hold; the one consumer read each batch once.
        Assert.Equal(Records, Single(samples, "kafka_server_brokertopicmetrics_messagesin_total", Topic));
        Assert.Equal(files.Sum(f => f.Bytes), Single(samples, "kafka_server_brokertopicmetrics_bytesin_total", Topic));
        Assert.Equal(files.Sum(f => f.Bytes), Single(samples, "kafka_server_brokertopicmetrics_bytesout_total", Topic));
        for (int p = 0; p < 2; p++)
        {
            string partition = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(files[p].Bytes, samples.Value("kafka_log_log_size", ("topic", Topic), ("partition", partition)));
            Assert.Equal(files[p].Segments, samples.Value("kafka_log_log_numlogsegments", ("topic", Topic), ("partition", partition)));
            Assert.Equal(lags[p], samples.Value("kafka_consumergroup_lag", ("consumergroup", Group), ("topic", Topic), ("partition", partition)));
        }
        Assert.Equal(2, samples.Count(s => s.Name == "kafka_log_log_numlogsegments" && s.Label("topic") == Topic));

        Assert.True(samples.Where(s => s.Name == "kafka_network_requestmetrics_requests_total" && s.Label("request") == "Produce").Sum(s => s.Value) > 0);
        var buckets = samples.Where(s => s.Name == "kafka_network_requestmetrics_totaltime_milliseconds_bucket" && s.Label("request") == "Produce").ToList();
        Assert.True(buckets.Count > 2, "the Produce latency histogram has buckets");
        Assert.Contains(buckets, b => b.Label("le") == "+Inf" && b.Value > 0);
        Assert.True(samples.Single(s => s.Name == "kafka_server_socketservermetrics_connectioncount" && s.Label("listener") == "PLAINTEXT").Value >= 0);
        Assert.Equal(0, samples.Single(s => s.Name == "kafka_server_replicamanager_underreplicatedpartitions").Value);
        Assert.True(samples.Single(s => s.Name == "kafka_network_requestmetrics_errors_total" && s.Label("request") == "Fetch" && s.Label("error") == "OFFSET_OUT_OF_RANGE").Value >= 1);
    }

    private static double Single(List<PrometheusSample> samples, string name, string topic) =>
        samples.Single(s => s.Name == name && s.Label("topic") == topic).Value;

    private static void Produce(string bootstrap)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, MessageTimeoutMs = 20000 }).Build();
        var value = new byte[ValueSize];
        for (int i = 0; i < Records; i++)
        {
            value[0] = (byte)i;
            producer.Produce(new TopicPartition(Topic, new Partition(i % 2)), new Message<Null, byte[]> { Value = value });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
    }

    /// <summary>Consumes every record, commits, and returns what was consumed and each partition's end less its committed offset.</summary>
    private static (int Consumed, long[] Lags) Consume(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = Group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        // Partition 1 from past its end: the broker answers OFFSET_OUT_OF_RANGE and the consumer starts again from the beginning.
        consumer.Assign([new TopicPartitionOffset(Topic, 0, Offset.Beginning), new TopicPartitionOffset(Topic, 1, 1_000_000)]);
        int consumed = 0;
        var clock = Stopwatch.StartNew();
        while (consumed < Records && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null })
            {
                consumed++;
            }
        }
        // Partition 0 committed partway, partition 1 at its end: one lags, the other does not.
        consumer.Commit([new TopicPartitionOffset(Topic, 0, 5), new TopicPartitionOffset(Topic, 1, consumer.Position(new TopicPartition(Topic, 1)))]);
        var committed = consumer.Committed([new TopicPartition(Topic, 0), new TopicPartition(Topic, 1)], TimeSpan.FromSeconds(10)).OrderBy(c => c.Partition.Value).ToList();
        var lags = committed.Select(c => consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(10)).High.Value - c.Offset.Value).ToArray();
        Assert.Equal([5L, consumer.Position(new TopicPartition(Topic, 1)).Value], committed.Select(c => c.Offset.Value));
        return (consumed, lags);
    }
}
