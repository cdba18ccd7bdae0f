using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Records;
using Confluent.Kafka.Admin;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>The server process killed with SIGKILL: every topic it acknowledged must be there on restart.</summary>
public sealed class KillNineTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_acknowledged_topic_survives_kill_9_of_the_server_process()
    {
        using var dir = new TempDirectory();
        var acknowledged = new List<string>();
        using (var server = await ServerProcess.StartAsync(dir.Path))
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = server.BootstrapServers, SocketTimeoutMs = 10000 }).Build();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 30 && clock.Elapsed < Budget; i++)
            {
                string name = $"t{i}";
                await admin.CreateTopicAsync(name, partitions: 1 + (i % 3),
                    configs: new Dictionary<string, string> { ["retention.ms"] = (1000 + i).ToString(CultureInfo.InvariantCulture) });
                acknowledged.Add(name);
            }
            await server.KillAsync();
        }

        // Read back through a restarted server: its metadata log, not the process that acknowledged, is the record.
        Assert.NotEmpty(acknowledged);
        using var restarted = await ServerProcess.StartAsync(dir.Path);
        using var reader = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = restarted.BootstrapServers }).Build();
        var described = await reader.DescribeTopicsAsync(TopicCollection.OfTopicNames(acknowledged));
        var configs = await reader.DescribeConfigsAsync(acknowledged.Select(n => new ConfigResource { Type = ResourceType.Topic, Name = n }));
        for (int i = 0; i < acknowledged.Count; i++)
        {
            var topic = described.TopicDescriptions.Single(t => t.Name == acknowledged[i]);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(1 + (i % 3), topic.Partitions.Count);
            var retention = configs.Single(c => c.ConfigResource.Name == acknowledged[i]).Entries["retention.ms"];
            Assert.Equal((1000 + i).ToString(CultureInfo.InvariantCulture), retention.Value);
        }
    }
}
