using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Cli.Tests.GetOffsets;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.DeleteRecords;

/// <summary>`kafkanet delete-records` against one broker on 127.0.0.1: orders has 5 records in partition 0 and 3 in partition 1.</summary>
public sealed class DeleteRecordsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _file = Path.Combine(Path.GetTempPath(), $"kafkanet-delete-records-{Guid.NewGuid():N}.json");
        await _kafka.CreateTopicAsync(new TopicSpec("orders", 2, 1, []));
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        foreach (var (partition, count) in new[] { (0, 5), (1, 3) })
        {
            for (int i = 0; i < count; i++)
            {
                await producer.ProduceAsync(new TopicPartition("orders", partition), new Message<Null, string> { Value = $"record {i}" });
            }
        }
    }

    public async Task DisposeAsync()
    {
        File.Delete(_file);
        await _kafka.DisposeAsync();
    }

    private async Task<CommandRun> DeleteAsync(string json, params string[] options)
    {
        await File.WriteAllTextAsync(_file, json);
        return await DeleteRecordsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, "--offset-json-file", _file, .. options]);
    }

    [Fact]
    public async Task Deleting_moves_the_low_watermark_that_get_offsets_and_a_consumer_then_see()
    {
        var run = await DeleteAsync("""{"partitions": [{"topic": "orders", "partition": 1, "offset": -1}, {"topic": "orders", "partition": 0, "offset": 3}], "version": 1}""");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("Executing records delete operation\nRecords delete operation completed:\npartition: orders-0\tlow_watermark: 3\npartition: orders-1\tlow_watermark: 3\n", run.Out);
        Assert.Empty(run.Error);

        var earliest = await GetOffsetsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--topic", "orders", "--time", "earliest");
        Assert.Equal("orders:0:3\norders:1:3\n", earliest.Out);

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "delete-records-test",
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset("orders", 0, Offset.Beginning));
        var first = consumer.Consume(TimeSpan.FromSeconds(20));
        Assert.NotNull(first);
        Assert.Equal(3, first.Offset.Value);
        Assert.Equal("record 3", first.Message.Value);
    }

    [Fact]
    public async Task A_partition_that_fails_prints_its_error_and_exits_1()
    {
        var run = await DeleteAsync("""{"partitions": [{"topic": "orders", "partition": 0, "offset": 10}, {"topic": "orders", "partition": 1, "offset": 1}]}""");

        Assert.True(run.Exit == 1, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.Equal(["Executing records delete operation", "Records delete operation completed:"], lines[..2]);
        Assert.StartsWith("partition: orders-0\terror: OFFSET_OUT_OF_RANGE: ", lines[2], StringComparison.Ordinal);
        Assert.Equal("partition: orders-1\tlow_watermark: 1", lines[3]);
    }

    [Fact]
    public async Task A_partition_the_cluster_does_not_have_is_unknown()
    {
        var run = await DeleteAsync("""{"partitions": [{"topic": "missing", "partition": 0, "offset": 1}, {"topic": "orders", "partition": 7, "offset": 1}, {"topic": "orders", "partition": 0, "offset": 2}]}""");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(
            "Executing records delete operation\nRecords delete operation completed:\n"
            + "partition: missing-0\terror: UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition.\n"
            + "partition: orders-0\tlow_watermark: 2\n"
            + "partition: orders-7\terror: UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition.\n",
            run.Out);
    }

    [Fact]
    public async Task Json_output_has_each_partitions_low_watermark_or_error()
    {
        var run = await DeleteAsync("""{"partitions": [{"topic": "orders", "partition": 0, "offset": 2}, {"topic": "missing", "partition": 0, "offset": 1}]}""",
            "--output", "json");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(
            """
            {
              "partitions": [
                {
                  "topic": "missing",
                  "partition": 0,
                  "lowWatermark": null,
                  "error": "UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition."
                },
                {
                  "topic": "orders",
                  "partition": 0,
                  "lowWatermark": 2,
                  "error": null
                }
              ]
            }

            """,
            run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task An_unreadable_file_exits_1_before_anything_is_deleted()
    {
        var run = await DeleteAsync("""{"partitions": [{"topic": "orders", "partition": 0, "offset": 1}, {"topic": "orders", "partition": 0, "offset": 2}]}""");

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Out);
        Assert.Equal("error: Offset json file contains duplicate topic partitions: orders-0\n", run.Error);
        var missing = await DeleteRecordsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--offset-json-file", _file + ".missing");
        Assert.Equal(1, missing.Exit);
        Assert.StartsWith("error: Cannot read ", missing.Error, StringComparison.Ordinal);
    }
}
