using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.GetOffsets;

/// <summary>
/// `kafkanet get-offsets` against one broker on 127.0.0.1. orders has 3 partitions: partition 0 holds records stamped
/// 1000, 2000 and 3000 ms, partition 1 records stamped 1500 and 2500 ms, partition 2 nothing; payments has one record.
/// </summary>
public sealed class GetOffsetsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        await _kafka.CreateTopicAsync(new TopicSpec("orders", 3, 1, []));
        await _kafka.CreateTopicAsync(new TopicSpec("payments", 1, 1, []));
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        foreach (var (topic, partition, timestamp) in new[] { ("orders", 0, 1000L), ("orders", 0, 2000L), ("orders", 0, 3000L), ("orders", 1, 1500L), ("orders", 1, 2500L), ("payments", 0, 1000L) })
        {
            await producer.ProduceAsync(new TopicPartition(topic, partition),
                new Message<Null, string> { Value = $"at {timestamp}", Timestamp = new Timestamp(timestamp, TimestampType.CreateTime) });
        }
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private async Task<string> OffsetsAsync(params string[] args)
    {
        var run = await GetOffsetsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);
        Assert.True(run.Exit == 0 && run.Error.Length == 0, run.ToString());
        return run.Out;
    }

    [Fact]
    public async Task Latest_earliest_max_timestamp_and_a_timestamp_give_the_offsets_of_the_records_produced()
    {
        Assert.Equal("orders:0:3\norders:1:2\norders:2:0\npayments:0:1\n", await OffsetsAsync("--exclude-internal-topics"));
        Assert.Equal("orders:0:3\norders:1:2\norders:2:0\n", await OffsetsAsync("--topic", "orders", "--time", "-1"));
        Assert.Equal("orders:0:0\norders:1:0\norders:2:0\n", await OffsetsAsync("--topic", "orders", "--time", "earliest"));
        Assert.Equal("orders:0:2\norders:1:1\n", await OffsetsAsync("--topic", "orders", "--time", "max-timestamp"));

        // The first record stamped at or after the time; partition 2 has none and is left out, as Kafka's tool does.
        Assert.Equal("orders:0:1\norders:1:1\n", await OffsetsAsync("--topic", "orders", "--time", "2000"));
        Assert.Equal("orders:0:0\norders:1:0\n", await OffsetsAsync("--topic", "orders", "--time", "0"));
        Assert.Equal(string.Empty, await OffsetsAsync("--topic", "orders", "--time", "4000"));
    }

    [Fact]
    public async Task Partitions_and_topic_partitions_choose_what_is_listed()
    {
        Assert.Equal("orders:0:3\norders:2:0\n", await OffsetsAsync("--topic", "orders", "--partitions", "0,2"));
        Assert.Equal("orders:0:3\norders:1:2\npayments:0:1\n", await OffsetsAsync("--topic-partitions", "orders:0-2,payments"));
        Assert.Equal("orders:2:0\n", await OffsetsAsync("--topic-partitions", "ord.*:2-"));
    }

    [Fact]
    public async Task Lines_are_sorted_as_text_as_Kafka_sorts_them()
    {
        await _kafka.CreateTopicAsync(new TopicSpec("many", 12, 1, []));

        Assert.Equal("many:0:0\nmany:1:0\nmany:10:0\nmany:11:0\nmany:2:0\nmany:3:0\nmany:4:0\nmany:5:0\nmany:6:0\nmany:7:0\nmany:8:0\nmany:9:0\n",
            await OffsetsAsync("--topic", "many"));
    }

    [Fact]
    public async Task Json_output_is_one_document_of_offsets()
    {
        Assert.Equal(
            """
            {
              "offsets": [
                {
                  "topic": "orders",
                  "partition": 0,
                  "offset": 3
                },
                {
                  "topic": "orders",
                  "partition": 1,
                  "offset": 2
                }
              ]
            }

            """,
            await OffsetsAsync("--topic", "orders", "--partitions", "0,1", "--output", "json"));
    }

    [Fact]
    public async Task Nothing_matching_exits_1()
    {
        var run = await GetOffsetsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--topic", "missing");

        Assert.Equal(1, run.Exit);
        Assert.Equal("error: Could not match any topic-partitions with the specified filters\n", run.Error);
        Assert.Empty(run.Out);
    }
}
