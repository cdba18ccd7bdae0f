using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using KafkaNet.Cli.Tests.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.ConsumerGroups;

/// <summary>
/// `kafkanet consumer-groups` against one broker on 127.0.0.1: a 2-partition topic "orders" with 10 records on
/// partition 0 and 6 on partition 1, and a group "billing" that committed offsets 3 and 6.
/// </summary>
public sealed class ConsumerGroupsCommandTests : IAsyncLifetime
{
    private const string Topic = "orders";
    private const string Group = "billing";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.Groups.GroupInitialRebalanceDelayMs = 0 });
        var created = await TopicsRun.RunAsync("--bootstrap-server", _kafka.BootstrapServers, "--create", "--topic", Topic, "--partitions", "2");
        Assert.True(created.Exit == 0, created.ToString());
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        foreach (var (partition, count) in new[] { (0, 10), (1, 6) })
        {
            for (int i = 0; i < count; i++)
            {
                await producer.ProduceAsync(new TopicPartition(Topic, partition), new Message<Null, string> { Value = $"record {i}" });
            }
        }

        using var consumer = Consumer();
        consumer.Subscribe(Topic);
        var first = FirstOffsets(consumer, 2);
        Assert.Equal(0, first[0]);
        consumer.Commit([new TopicPartitionOffset(Topic, 0, 3), new TopicPartitionOffset(Topic, 1, 6)]);
        consumer.Close();
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Describe_shows_each_partitions_committed_offset_log_end_and_lag()
    {
        var describe = await RunAsync("--describe", "--group", Group);
        Assert.True(describe.Exit == 0, describe.ToString());
        Assert.Equal(
            """
            GROUP    TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST  CLIENT-ID
            billing  orders  0          3               10              7    -            -     -
            billing  orders  1          6               6               0    -            -     -

            """,
            describe.Out);
        Assert.Equal("Consumer group 'billing' has no active members.\n", describe.Error);

        var json = await SucceedAsync("--describe", "--group", Group, "--output", "json");
        Assert.Equal(
            """
            {
              "offsets": [
                {
                  "group": "billing",
                  "topic": "orders",
                  "partition": 0,
                  "currentOffset": 3,
                  "logEndOffset": 10,
                  "lag": 7,
                  "consumerId": null,
                  "host": null,
                  "clientId": null
                },
                {
                  "group": "billing",
                  "topic": "orders",
                  "partition": 1,
                  "currentOffset": 6,
                  "logEndOffset": 6,
                  "lag": 0,
                  "consumerId": null,
                  "host": null,
                  "clientId": null
                }
              ]
            }

            """,
            json.Out);

        var state = await SucceedAsync("--describe", "--group", Group, "--state");
        Assert.Matches(@"^GROUP +COORDINATOR \(ID\) +ASSIGNMENT-STRATEGY +STATE +#MEMBERS\nbilling +127\.0\.0\.1:\d+ \(1\) +\S+ +Empty +0\n$", state.Out);

        var unknown = await RunAsync("--describe", "--group", "nobody");
        Assert.True(unknown.Exit == 1, unknown.ToString());
        Assert.StartsWith("error: GROUP_ID_NOT_FOUND", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_offsets_moves_the_committed_offsets_and_a_new_consumer_resumes_there()
    {
        async Task<string> DryRunAsync(params string[] scenario)
        {
            var run = await SucceedAsync(["--reset-offsets", "--group", Group, "--topic", Topic, .. scenario]);
            return run.Out;
        }

        Assert.Equal(
            """
            GROUP    TOPIC   PARTITION  NEW-OFFSET
            billing  orders  0          5
            billing  orders  1          5

            """,
            await DryRunAsync("--to-offset", "5"));
        Assert.Equal(Table((0, 8), (1, 6)), await DryRunAsync("--to-offset", "8", "--dry-run"));
        Assert.Equal(Table((0, 1), (1, 4)), await DryRunAsync("--shift-by", "-2"));
        Assert.Equal(Table((0, 10), (1, 6)), await DryRunAsync("--shift-by", "7"));
        Assert.Equal(Table((0, 10), (1, 6)), await DryRunAsync("--to-latest"));
        Assert.Equal(Table((0, 3), (1, 6)), await DryRunAsync("--to-current"));
        Assert.Equal(Table((0, 0), (1, 0)), await DryRunAsync("--to-earliest"));
        Assert.Equal(Table((0, 0), (1, 0)), await DryRunAsync("--to-datetime", "2000-01-01T00:00:00.000Z"));
        Assert.Equal(Table((0, 10), (1, 6)), await DryRunAsync("--to-datetime", DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Table((0, 0), (1, 0)), await DryRunAsync("--by-duration", "P1D"));
        Assert.Equal(Table((0, 10), (1, 6)), await DryRunAsync("--by-duration", "PT0S"));
        Assert.Equal(Table((0, 3), (1, 6)), (await SucceedAsync("--reset-offsets", "--group", Group, "--all-topics", "--to-current")).Out);
        Assert.Equal(Table((1, 2)), (await SucceedAsync("--reset-offsets", "--group", Group, "--topic", Topic + ":1", "--to-offset", "2")).Out);

        // A group that does not exist yet is inactive: its offsets can be set before its first consumer starts.
        var fresh = await SucceedAsync("--reset-offsets", "--group", "fresh", "--topic", Topic, "--to-offset", "2", "--execute");
        Assert.Equal("GROUP  TOPIC   PARTITION  NEW-OFFSET\nfresh  orders  0          2\nfresh  orders  1          2\n", fresh.Out);
        Assert.Matches(@"\nfresh +orders +0 +2 +10 +8 +- +- +-\nfresh +orders +1 +2 +6 +4 +- +- +-\n$", (await SucceedAsync("--describe", "--group", "fresh")).Out);

        // A dry run changes nothing.
        Assert.Equal([3L, 6L], await CommittedAsync());

        var executed = await SucceedAsync("--reset-offsets", "--group", Group, "--topic", Topic, "--to-earliest", "--execute");
        Assert.Equal(Table((0, 0), (1, 0)), executed.Out);
        Assert.Equal([0L, 0L], await CommittedAsync());

        var one = await SucceedAsync("--reset-offsets", "--group", Group, "--topic", Topic + ":0", "--to-offset", "4", "--execute", "--output", "json");
        Assert.Equal(
            """
            {
              "executed": true,
              "offsets": [
                {
                  "group": "billing",
                  "topic": "orders",
                  "partition": 0,
                  "newOffset": 4
                }
              ]
            }

            """,
            one.Out);

        using var consumer = Consumer();
        consumer.Subscribe(Topic);
        var first = FirstOffsets(consumer, 2);
        Assert.Equal(4, first[0]);
        Assert.Equal(0, first[1]);

        // The consumer is still in the group: Kafka's tool refuses to reset an active group.
        var refused = await RunAsync("--reset-offsets", "--group", Group, "--topic", Topic, "--to-latest", "--execute");
        Assert.True(refused.Exit == 1, refused.ToString());
        Assert.Equal("error: Assignments can only be reset if the group 'billing' is inactive, but the current state is Stable.\n", refused.Error);
        Assert.Empty(refused.Out);
        Assert.Equal([4L, 0L], await CommittedAsync());

        var members = await SucceedAsync("--describe", "--group", Group, "--members", "--verbose");
        Assert.Matches(@"^GROUP +CONSUMER-ID +HOST +CLIENT-ID +#PARTITIONS +ASSIGNMENT\nbilling +\S+ +\S+ +\S+ +2 +orders\(0,1\)\n$", members.Out);
        Assert.Matches(@"\nbilling +127\.0\.0\.1:\d+ \(1\) +\S+ +Stable +1\n$", (await SucceedAsync("--describe", "--group", Group, "--state")).Out);
        consumer.Close();
    }

    [Fact]
    public async Task List_delete_offsets_and_delete_groups()
    {
        Assert.Equal("billing\n", (await SucceedAsync("--list")).Out);
        Assert.Equal("GROUP    STATE\nbilling  Empty\n", (await SucceedAsync("--list", "--state")).Out);
        Assert.Equal("GROUP  STATE\n", (await SucceedAsync("--list", "--state", "Stable")).Out);
        Assert.Equal(
            """
            {
              "groups": [
                {
                  "group": "billing",
                  "state": "Empty"
                }
              ]
            }

            """,
            (await SucceedAsync("--list", "--output", "json")).Out);

        var deleteOffsets = await SucceedAsync("--delete-offsets", "--group", Group, "--topic", Topic + ":1");
        Assert.Equal("TOPIC   PARTITION  STATUS\norders  1          Successful\n", deleteOffsets.Out);
        var describe = await SucceedAsync("--describe", "--group", Group);
        Assert.Equal(
            """
            GROUP    TOPIC   PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG  CONSUMER-ID  HOST  CLIENT-ID
            billing  orders  0          3               10              7    -            -     -

            """,
            describe.Out);

        var deleted = await SucceedAsync("--delete", "--group", Group);
        Assert.Equal("Deletion of requested consumer groups ('billing') was successful.\n", deleted.Out);
        Assert.Empty((await SucceedAsync("--list")).Out);

        var unknown = await RunAsync("--delete", "--group", "nobody");
        Assert.True(unknown.Exit == 1, unknown.ToString());
        Assert.StartsWith("Deletion of some consumer groups failed:\n* Group 'nobody' could not be deleted due to: GROUP_ID_NOT_FOUND", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(unknown.Out);
    }

    private static string Table(params (int Partition, long Offset)[] rows) =>
        "GROUP    TOPIC   PARTITION  NEW-OFFSET\n" + string.Concat(rows.Select(r => $"billing  orders  {r.Partition}          {r.Offset}\n"));

    private Task<CommandRun> RunAsync(params string[] args) => ConsumerGroupsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    /// <summary>The group's committed offsets of partitions 0 and 1, read through --output json.</summary>
    private async Task<List<long>> CommittedAsync()
    {
        using var json = JsonDocument.Parse((await SucceedAsync("--describe", "--group", Group, "--output", "json")).Out);
        return [.. json.RootElement.GetProperty("offsets").EnumerateArray().Select(r => r.GetProperty("currentOffset").GetInt64())];
    }

    private IConsumer<Null, string> Consumer() => new ConsumerBuilder<Null, string>(new ConsumerConfig
    {
        BootstrapServers = _kafka.BootstrapServers,
        GroupId = Group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
    }).Build();

    /// <summary>The offset of the first record read from each partition, until every one of <paramref name="partitions"/> has given one.</summary>
    private static Dictionary<int, long> FirstOffsets(IConsumer<Null, string> consumer, int partitions)
    {
        var first = new Dictionary<int, long>();
        var clock = Stopwatch.StartNew();
        while (first.Count < partitions)
        {
            Assert.True(clock.Elapsed < Deadline, $"only partitions {string.Join(',', first.Keys)} were read within {Deadline}");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                first.TryAdd(record.Partition.Value, record.Offset.Value);
            }
        }

        return first;
    }
}
