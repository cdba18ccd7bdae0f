using System.Text.Json;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.LogDirs;

/// <summary>`kafkanet log-dirs` against one broker on 127.0.0.1 (node id 1) holding topics "orders" (2 partitions) and "payments".</summary>
public sealed class LogDirsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        await _kafka.CreateTopicAsync(new TopicSpec("orders", 2, 1, []));
        await _kafka.CreateTopicAsync(new TopicSpec("payments", 1, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Describe_reports_the_bytes_of_each_partitions_segments_on_disk()
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 0 }).Build())
        {
            for (int i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(new TopicPartition("orders", 0), new Message<Null, string> { Value = new string('x', 100) });
            }
        }

        var run = await LogDirsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--describe", "--topic-list", "orders");
        Assert.True(run.Exit == 0, run.ToString());
        long onDisk = SegmentBytes("orders-0");
        Assert.True(onDisk > 10 * 100, $"{onDisk} bytes on disk for 1000 bytes of values");
        string logDir = Path.GetFullPath(_kafka.DataDirectory);
        Assert.Equal(
            "Querying brokers for log directories information\n"
            + "Received log directory information from brokers 1\n"
            + "{\"brokers\":[{\"broker\":1,\"logDirs\":[{\"partitions\":["
            + $"{{\"partition\":\"orders-0\",\"size\":{onDisk},\"offsetLag\":0,\"isFuture\":false}},"
            + "{\"partition\":\"orders-1\",\"size\":0,\"offsetLag\":0,\"isFuture\":false}],"
            + $"\"error\":null,\"logDir\":{JsonSerializer.Serialize(logDir)}}}]}}],\"version\":1}}\n",
            run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Without_a_topic_list_every_partition_is_shown()
    {
        var run = await LogDirsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--describe", "--broker-list", "1");
        Assert.True(run.Exit == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out.Split('\n')[2]);
        var partitions = json.RootElement.GetProperty("brokers")[0].GetProperty("logDirs")[0].GetProperty("partitions")
            .EnumerateArray().Select(p => p.GetProperty("partition").GetString()).ToList();
        Assert.Equal(["orders-0", "orders-1", "payments-0"], partitions.Where(p => !p!.StartsWith("__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_broker_not_in_the_cluster_fails_as_Kafka_does()
    {
        var run = await LogDirsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--describe", "--broker-list", "1,7,5");
        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Out);
        Assert.Equal("error: The given brokers do not exist from --broker-list: 5,7. Current existent brokers: 1\n", run.Error);
    }

    [Theory]
    [InlineData("--describe")]
    [InlineData("--bootstrap-server", "127.0.0.1:9092")]
    [InlineData("--bootstrap-server", "127.0.0.1:9092", "--describe", "--broker-list", "one")]
    [InlineData("--bootstrap-server", "127.0.0.1:9092", "--describe", "--partition", "0")]
    public async Task Invalid_arguments_exit_1_with_usage(params string[] args)
    {
        var run = await LogDirsRun.RunAsync(args);
        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("kafkanet log-dirs --bootstrap-server", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The bytes of a partition's segment files in the broker's data directory.</summary>
    private long SegmentBytes(string partitionDirectory) =>
        new DirectoryInfo(Path.Combine(_kafka.DataDirectory, partitionDirectory)).GetFiles("*.log").Sum(f => f.Length);
}
