using System.Diagnostics;
using System.Text.Json;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Topics;

/// <summary>`kafkanet topics` against three brokers on 127.0.0.1 (node ids 1, 2 and 3).</summary>
public sealed class ReplicatedTopicsCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Replicated_topics_are_described_with_their_replicas_and_isr()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(3);
        string bootstrap = cluster.BootstrapServers;

        var created = await TopicsRun.RunAsync("--bootstrap-server", bootstrap, "--create", "--topic", "replicated", "--partitions", "3", "--replication-factor", "3");
        Assert.True(created.Exit == 0, created.ToString());
        var assigned = await TopicsRun.RunAsync("--bootstrap-server", bootstrap, "--create", "--topic", "assigned", "--replica-assignment", "1:2,2:3");
        Assert.True(assigned.Exit == 0, assigned.ToString());

        var replicated = await DescribeAsync(bootstrap, "replicated", 3);
        Assert.Equal(3, replicated.GetProperty("replicationFactor").GetInt32());
        foreach (var partition in replicated.GetProperty("partitions").EnumerateArray())
        {
            Assert.Equal([1, 2, 3], Ids(partition, "replicas").Order());
            Assert.Equal([1, 2, 3], Ids(partition, "isr").Order());
            Assert.Contains(partition.GetProperty("leader").GetInt32(), Ids(partition, "replicas"));
        }

        var assignment = await DescribeAsync(bootstrap, "assigned", 2);
        Assert.Equal([[1, 2], [2, 3]], assignment.GetProperty("partitions").EnumerateArray().Select(p => Ids(p, "replicas")));

        var under = await TopicsRun.RunAsync("--bootstrap-server", bootstrap, "--describe", "--under-replicated-partitions");
        Assert.True(under.Exit == 0, under.ToString());
        Assert.Empty(under.Out);

        var tooMany = await TopicsRun.RunAsync("--bootstrap-server", bootstrap, "--create", "--topic", "too-many", "--replication-factor", "4");
        Assert.True(tooMany.Exit == 1, tooMany.ToString());
        Assert.StartsWith("error: INVALID_REPLICATION_FACTOR", tooMany.Error, StringComparison.Ordinal);
    }

    /// <summary>The topic's --output json once every partition has its full ISR: brokers learn of a new topic a moment apart.</summary>
    private static async Task<JsonElement> DescribeAsync(string bootstrap, string topic, int partitions)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            var run = await TopicsRun.RunAsync("--bootstrap-server", bootstrap, "--describe", "--topic", topic, "--output", "json");
            if (run.Exit == 0)
            {
                using var json = JsonDocument.Parse(run.Out);
                var described = json.RootElement.GetProperty("topics")[0].Clone();
                var shown = described.GetProperty("partitions").EnumerateArray().ToList();
                if (shown.Count == partitions && shown.All(p => Ids(p, "isr").Count == Ids(p, "replicas").Count))
                {
                    return described;
                }
            }

            Assert.True(attempt < 100 && clock.Elapsed < Deadline, $"{topic} not fully described in time: {run}");
            await Task.Delay(200);
        }
    }

    private static List<int> Ids(JsonElement partition, string name) => [.. partition.GetProperty(name).EnumerateArray().Select(r => r.GetInt32())];
}
