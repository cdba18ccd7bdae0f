using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>
/// The parts of a request's time (Kafka's RequestQueue, Local, Remote, ResponseQueue and ResponseSend times) land where
/// the request really spent them, add up to its total, and requests are counted by API and version.
/// </summary>
public sealed class RequestTimeTests
{
    private const string Topic = "idle";
    private const int MaxWaitMs = 300;
    private static readonly (string, string) FetchLabel = ("request", "Fetch");
    private static readonly string[] Parts = ["requestqueuetime", "localtime", "remotetime", "responsequeuetime", "responsesendtime"];

    [Fact]
    public async Task A_long_poll_fetch_waits_in_remote_time_and_its_parts_add_up_to_its_total()
    {
        await using var kafka = await StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var session = await WireSession.OpenAsync(kafka.Port);

        // A first fetch that does not wait, so the one measured below does not pay for loading the fetch path.
        Assert.Equal(0, (await session.SendAsync<FetchResponse>(FetchRequest.ApiKey, 4, Fetch(maxWaitMs: 0), flexible: false)).Responses[0].Partitions[0].ErrorCode);
        var before = await FetchTimesAsync(http, kafka, count: 1);

        var clock = Stopwatch.StartNew();
        var response = await session.SendAsync<FetchResponse>(FetchRequest.ApiKey, 12, Fetch(MaxWaitMs), flexible: true);
        double roundTrip = clock.Elapsed.TotalMilliseconds;
        var partition = response.Responses[0].Partitions[0];
        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal(0, partition.Records?.Length ?? 0);
        var after = await FetchTimesAsync(http, kafka, count: 2);

        var times = Difference(after, before);
        Assert.True(roundTrip >= MaxWaitMs - 50, $"the fetch was answered after {roundTrip} ms, before its wait was over");
        Assert.True(times["remotetime"] >= MaxWaitMs - 50, $"remote time {times["remotetime"]} ms does not carry the {MaxWaitMs} ms wait");
        // Reading an empty partition takes well under a millisecond; the bound leaves room for a busy machine, not for the wait.
        Assert.True(times["localtime"] < MaxWaitMs / 2, $"local time {times["localtime"]} ms holds part of the wait");
        AssertPartsAddUp(times);

        var samples = await Scrapes.GetAsync(http, kafka.MetricsEndpoint!);
        Assert.Equal(1, samples.Value("kafka_network_requestmetrics_requests_total", ("request", "Fetch"), ("version", "4")));
        Assert.Equal(1, samples.Value("kafka_network_requestmetrics_requests_total", ("request", "Fetch"), ("version", "12")));
    }

    [Fact]
    public async Task A_response_ready_behind_a_waiting_one_spends_the_wait_in_the_response_queue()
    {
        await using var kafka = await StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var connection = await RawKafkaConnection.ConnectAsync(kafka.Port);

        // Two fetches in one write: the second has its answer at once, but answers go out in request order.
        await connection.SendAsync([.. FetchFrame(1, MaxWaitMs), .. FetchFrame(2, 0)]);
        Assert.Equal(0, (await PipelinedWire.ReceiveAsync<FetchResponse>(connection, 1, 4)).Responses[0].Partitions[0].ErrorCode);
        Assert.Equal(0, (await PipelinedWire.ReceiveAsync<FetchResponse>(connection, 2, 4)).Responses[0].Partitions[0].ErrorCode);
        var times = await FetchTimesAsync(http, kafka, count: 2);

        Assert.True(times["remotetime"] >= MaxWaitMs - 50, $"remote time {times["remotetime"]} ms does not carry the first fetch's wait");
        Assert.True(times["responsequeuetime"] >= MaxWaitMs - 100, $"response queue time {times["responsequeuetime"]} ms does not carry the second fetch's wait for the first");
        AssertPartsAddUp(times);
    }

    private static async Task<EmbeddedKafka> StartAsync()
    {
        var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { MetricsListener = new Uri("http://127.0.0.1:0") });
        await kafka.CreateTopicAsync(new TopicSpec(Topic, 1, 1, []));
        return kafka;
    }

    // Each part is measured between two of the same timestamps the total spans, so only rounding separates them.
    private static void AssertPartsAddUp(Dictionary<string, double> times)
    {
        double parts = Parts.Sum(p => times[p]);
        Assert.True(Math.Abs(parts - times["totaltime"]) <= 1, $"the parts add up to {parts} ms, the total is {times["totaltime"]} ms");
    }

    // The sums of the Fetch time histograms, once the total's count has reached count (and every part's with it).
    private static async Task<Dictionary<string, double>> FetchTimesAsync(HttpClient http, EmbeddedKafka kafka, int count)
    {
        var samples = await Scrapes.UntilAsync(http, kafka.MetricsEndpoint!, s => Parts.Append("totaltime").All(p => s.Find(Name(p, "count"), FetchLabel) >= count));
        var times = new Dictionary<string, double>();
        foreach (string part in Parts.Append("totaltime"))
        {
            Assert.Equal(count, Histogram(samples, part, "count"));
            times[part] = Histogram(samples, part, "sum");
        }
        return times;
    }

    private static string Name(string part, string series) => $"kafka_network_requestmetrics_{part}_milliseconds_{series}";

    private static double Histogram(List<PrometheusSample> samples, string part, string series) => samples.Value(Name(part, series), FetchLabel);

    private static Dictionary<string, double> Difference(Dictionary<string, double> after, Dictionary<string, double> before) =>
        after.ToDictionary(kv => kv.Key, kv => kv.Value - before[kv.Key]);

    private static byte[] FetchFrame(int correlationId, int maxWaitMs) =>
        RawKafkaConnection.RequestFrame(FetchRequest.ApiKey, 4, correlationId, Fetch(maxWaitMs), flexibleHeader: false);

    // An empty partition from its start: min.bytes 1 is not met, so the broker waits up to maxWaitMs.
    private static FetchRequest Fetch(int maxWaitMs) => new()
    {
        ReplicaId = -1,
        MaxWaitMs = maxWaitMs,
        MinBytes = 1,
        MaxBytes = 1 << 20,
        SessionEpoch = -1,
        Topics = [new() { Topic = Topic, Partitions = [new() { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
    };
}
