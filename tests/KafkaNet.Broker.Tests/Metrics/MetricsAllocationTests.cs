using KafkaNet.Broker.Metrics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>The calls the produce, fetch and request paths make allocate nothing once their series exist, with the exporter listening.</summary>
public sealed class MetricsAllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public async Task Hot_path_recording_does_not_allocate_while_exported()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        var metrics = kafka.Broker.Metrics;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // A scrape proves the exporter is collecting from the broker's meter.
        Assert.Contains("kafka_server_replicamanager_partitioncount", await http.GetStringAsync(new Uri(kafka.MetricsEndpoint!, "/metrics")), StringComparison.Ordinal);
        Record(metrics, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Record(metrics, Calls);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Nothing per call: an allocation per call would be at least 24 bytes for each of the calls. A rare one-off of the
        // runtime's while tests run beside this one (about a kilobyte) is not the recording's.
        Assert.True(allocated < Calls, $"{allocated} bytes allocated in {Calls} calls");
        var samples = PrometheusText.Parse(await http.GetStringAsync(new Uri(kafka.MetricsEndpoint!, "/metrics")));
        Assert.Equal(Calls + 100, samples.Single(s => s.Name == "kafka_server_brokertopicmetrics_messagesin_total" && s.Label("topic") == "hot").Value);
    }

    private static void Record(BrokerMetrics metrics, int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            metrics.RecordRequest("Produce", 9);
            metrics.RecordProduced("hot", 1, 100);
            metrics.RecordFetched("hot", 100);
            metrics.RecordError("Fetch", ErrorCode.NotLeaderOrFollower);
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            metrics.RecordRequestTimes("Produce", new RequestTimestamps(now, now + 10, now + 20, now + 30, now + 40, now + 50));
        }
    }
}
