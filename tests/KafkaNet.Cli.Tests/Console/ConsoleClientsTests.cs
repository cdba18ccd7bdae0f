using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Console;

/// <summary>console-producer and console-consumer against one broker on 127.0.0.1.</summary>
public sealed class ConsoleClientsTests : IAsyncLifetime
{
    private const long Time0 = 1_700_000_000_000;

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() =>
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.Groups.GroupInitialRebalanceDelayMs = 0 });

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Producer_sends_keys_values_and_headers_parsed_from_each_line()
    {
        await CreateTopicAsync("lines");
        var run = await ProduceAsync("h1:v1,h2:v2\tk1:hello\n\tk2:wor:ld\nh3\tk3:\n",
            "--topic", "lines", "--property", "parse.key=true", "--property", "key.separator=:", "--property", "parse.headers=true", "--sync");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Out);
        Assert.Empty(run.Error);

        var records = ReadAll("lines", 3);
        Assert.Equal(["k1", "k2", "k3"], records.Select(r => Encoding.UTF8.GetString(r.Message.Key!)));
        Assert.Equal(["hello", "wor:ld", ""], records.Select(r => Encoding.UTF8.GetString(r.Message.Value!)));
        Assert.Equal(["h1=v1,h2=v2", "", "h3=(null)"], records.Select(r => Headers(r.Message.Headers)));
    }

    [Fact]
    public async Task Producer_fails_on_a_line_without_the_key_separator_after_sending_the_lines_before_it()
    {
        await CreateTopicAsync("bad-line");
        var run = await ProduceAsync("a:1\nno separator\nb:2\n", "--topic", "bad-line", "--property", "parse.key=true", "--property", "key.separator=:");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal("error: No key separator found on line number 2: 'no separator'\n", run.Error);
        var record = Assert.Single(ReadAll("bad-line", 1));
        Assert.Equal("1", Encoding.UTF8.GetString(record.Message.Value!));
        Assert.Equal(1, HighWatermark("bad-line"));
    }

    [Fact]
    public async Task Consumer_prints_timestamp_partition_offset_key_and_value_from_the_beginning()
    {
        await CreateTopicAsync("golden");
        await ProduceStampedAsync("golden", ("k0", "v0", []), (null, "v1", []), ("k2", "v2", new Headers { { "trace", "x"u8.ToArray() } }));

        var run = await ConsumeAsync("--topic", "golden", "--from-beginning", "--max-messages", "3",
            "--property", "print.key=true", "--property", "print.offset=true", "--property", "print.partition=true", "--property", "print.timestamp=true");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(
            "CreateTime:1700000000000\tPartition:0\tOffset:0\tk0\tv0\n" +
            "CreateTime:1700000000001\tPartition:0\tOffset:1\tnull\tv1\n" +
            "CreateTime:1700000000002\tPartition:0\tOffset:2\tk2\tv2\n",
            run.Out);
        Assert.Equal("Processed a total of 3 messages\n", run.Error);

        var fromOffset = await ConsumeAsync("--topic", "golden", "--partition", "0", "--offset", "1", "--max-messages", "2",
            "--property", "print.headers=true", "--property", "print.offset=true", "--property", "key.separator=|");
        Assert.True(fromOffset.Exit == 0, fromOffset.ToString());
        Assert.Equal("Offset:1|NO_HEADERS|v1\nOffset:2|trace:x|v2\n", fromOffset.Out);
        Assert.Equal("Processed a total of 2 messages\n", fromOffset.Error);
    }

    [Fact]
    public async Task Consumer_without_from_beginning_prints_only_records_sent_after_it_started()
    {
        await CreateTopicAsync("latest");
        await ProduceStampedAsync("latest", ("old", "before", []));

        // The consumer blocks its thread while it polls, so it runs on its own while records are sent.
        var consuming = Task.Run(() => ConsumeAsync("--topic", "latest", "--max-messages", "1", "--timeout-ms", "30000"));
        var bounded = Stopwatch.StartNew();
        while (!consuming.IsCompleted && bounded.Elapsed < TimeSpan.FromSeconds(30))
        {
            await ProduceStampedAsync("latest", ("new", "after", []));
            await Task.WhenAny(consuming, Task.Delay(500));
        }

        var run = await consuming;
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal("after\n", run.Out);
    }

    [Fact]
    public async Task Consumer_group_commits_so_the_next_run_prints_only_new_records()
    {
        await CreateTopicAsync("grouped");
        await ProduceStampedAsync("grouped", ("a", "first", []), ("b", "second", []));

        var first = await ConsumeAsync("--topic", "grouped", "--group", "readers", "--from-beginning", "--max-messages", "2", "--timeout-ms", "30000");
        Assert.True(first.Exit == 0, first.ToString());
        Assert.Equal("first\nsecond\n", first.Out);

        var again = await ConsumeAsync("--topic", "grouped", "--group", "readers", "--from-beginning", "--timeout-ms", "3000");
        Assert.True(again.Exit == 0, again.ToString());
        Assert.Empty(again.Out);
        Assert.Equal("Processed a total of 0 messages\n", again.Error);

        await ProduceStampedAsync("grouped", ("c", "third", []));
        var next = await ConsumeAsync("--topic", "grouped", "--group", "readers", "--from-beginning", "--max-messages", "1", "--timeout-ms", "30000");
        Assert.True(next.Exit == 0, next.ToString());
        Assert.Equal("third\n", next.Out);
    }

    [Fact]
    public async Task Consumer_timeout_ends_with_exit_0_when_no_record_arrives()
    {
        await CreateTopicAsync("quiet");
        var elapsed = Stopwatch.StartNew();
        var run = await ConsumeAsync("--topic", "quiet", "--from-beginning", "--timeout-ms", "1000");
        elapsed.Stop();

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal("Processed a total of 0 messages\n", run.Error);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Lines_sent_by_the_producer_come_back_from_the_consumer_exactly()
    {
        await CreateTopicAsync("round-trip");
        const string input = "plain line\nkafka: ünïcödé — 日本語 🚀\n\n\ttabbed\tvalue \n";
        var produced = await ProduceAsync(input, "--topic", "round-trip", "--compression-codec", "gzip");
        Assert.True(produced.Exit == 0, produced.ToString());

        var consumed = await ConsumeAsync("--topic", "round-trip", "--from-beginning", "--max-messages", "4", "--timeout-ms", "30000");
        Assert.True(consumed.Exit == 0, consumed.ToString());
        Assert.Equal(input, consumed.Out);
        Assert.Equal("Processed a total of 4 messages\n", consumed.Error);
    }

    [Fact]
    public async Task A_missing_topic_exits_1_with_the_error_name()
    {
        var run = await ConsumeAsync("--topic", "no-such-topic", "--from-beginning", "--timeout-ms", "5000", "--consumer-property", "allow.auto.create.topics=false");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.StartsWith("error: UNKNOWN_TOPIC_OR_PARTITION", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("Processed a total of 0 messages\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumer_of_a_topic_created_on_first_use_waits_for_its_leader()
    {
        var run = await ConsumeAsync("--topic", "created-on-read", "--from-beginning", "--timeout-ms", "1000", "--consumer-property", "allow.auto.create.topics=true");

        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal("Processed a total of 0 messages\n", run.Error);
    }

    private Task<CommandRun> ProduceAsync(string input, params string[] args) =>
        ConsoleRun.ProducerAsync(input, ["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private Task<CommandRun> ConsumeAsync(params string[] args) =>
        ConsoleRun.ConsumerAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task CreateTopicAsync(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);
    }

    /// <summary>Records with timestamps Time0, Time0 + 1, ... so printed output is the same every run.</summary>
    private async Task ProduceStampedAsync(string topic, params (string? Key, string Value, Headers Headers)[] records)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        for (int i = 0; i < records.Length; i++)
        {
            var (key, value, headers) = records[i];
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?>
            {
                Key = key is null ? null : Encoding.UTF8.GetBytes(key),
                Value = Encoding.UTF8.GetBytes(value),
                Headers = headers,
                Timestamp = new Timestamp(Time0 + i, TimestampType.CreateTime),
            });
        }
    }

    /// <summary>The topic's first <paramref name="count"/> records, read within 30 seconds.</summary>
    private List<ConsumeResult<byte[]?, byte[]?>> ReadAll(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "verifier",
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = Stopwatch.StartNew();
        while (records.Count < count && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        consumer.Close();
        return records;
    }

    private long HighWatermark(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = "verifier" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(30)).High.Value;
    }

    private static string Headers(Headers headers) =>
        string.Join(",", headers.Select(h => $"{h.Key}={(h.GetValueBytes() is { } v ? Encoding.UTF8.GetString(v) : "(null)")}"));
}
