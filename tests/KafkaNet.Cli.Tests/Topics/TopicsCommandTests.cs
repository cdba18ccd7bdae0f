using System.Text.RegularExpressions;
using KafkaNet.Cli.Tests.Output;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Topics;

/// <summary>`kafkanet topics` against one broker on 127.0.0.1 (node id 1).</summary>
public sealed partial class TopicsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<CommandRun> RunAsync(params string[] args) => TopicsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    [Fact]
    public async Task Create_list_describe_alter_and_delete_a_topic()
    {
        var created = await SucceedAsync("--create", "--topic", "orders", "--partitions", "3", "--config", "retention.ms=1000");
        Assert.Equal("Created topic orders.\n", created.Out);
        await SucceedAsync("--create", "--topic", "payments", "--partitions", "1");

        var again = await RunAsync("--create", "--topic", "orders", "--partitions", "3");
        Assert.True(again.Exit == 1, again.ToString());
        Assert.StartsWith("error: TOPIC_ALREADY_EXISTS", again.Error, StringComparison.Ordinal);
        var ifNotExists = await SucceedAsync("--create", "--topic", "orders", "--partitions", "3", "--if-not-exists");
        Assert.Empty(ifNotExists.Out);

        var list = await SucceedAsync("--list", "--exclude-internal");
        Assert.Equal("orders\npayments\n", list.Out);
        Assert.Equal("orders\n", (await SucceedAsync("--list", "--topic", "ord.*")).Out);

        var describe = await SucceedAsync("--describe", "--topic", "orders|payments");
        Assert.Equal(
            """
            Topic     TopicId                 PartitionCount  ReplicationFactor  Configs
            orders    ######################  3               1                  retention.ms=1000
            payments  ######################  1               1

            Topic     Partition  Leader  Replicas  Isr
            orders    0          1       1         1
            orders    1          1       1         1
            orders    2          1       1         1
            payments  0          1       1         1

            """,
            MaskTopicIds(describe.Out));

        var overrides = await SucceedAsync("--describe", "--topics-with-overrides");
        Assert.Equal(
            """
            Topic   TopicId                 PartitionCount  ReplicationFactor  Configs
            orders  ######################  3               1                  retention.ms=1000

            """,
            MaskTopicIds(overrides.Out));

        Assert.Empty((await SucceedAsync("--describe", "--under-replicated-partitions")).Out);
        Assert.Empty((await SucceedAsync("--describe", "--unavailable-partitions")).Out);

        var altered = await SucceedAsync("--alter", "--topic", "orders", "--partitions", "5");
        Assert.Equal("Altered topic orders.\n", altered.Out);
        var json = await SucceedAsync("--describe", "--topic", "orders", "--output", "json");
        Assert.Matches("\"topicId\": \"[A-Za-z0-9_-]{22}\"", json.Out);
        Assert.Equal(
            $$"""
            {
              "topics": [
                {
                  "name": "orders",
                  "topicId": #,
                  "partitionCount": 5,
                  "replicationFactor": 1,
                  "configs": {
                    "retention.ms": "1000"
                  },
                  "partitions": [
            {{string.Join(",\n", Enumerable.Range(0, 5).Select(OnBroker1))}}
                  ]
                }
              ]
            }

            """,
            JsonMask.Mask(json.Out, "topicId"));

        var deleted = await SucceedAsync("--delete", "--topic", "orders");
        Assert.Equal("Deleted topic orders.\n", deleted.Out);
        Assert.Equal("payments\n", (await SucceedAsync("--list", "--exclude-internal")).Out);

        var missing = await RunAsync("--delete", "--topic", "orders");
        Assert.True(missing.Exit == 1, missing.ToString());
        Assert.StartsWith("error: UNKNOWN_TOPIC_OR_PARTITION", missing.Error, StringComparison.Ordinal);
        Assert.Empty((await SucceedAsync("--delete", "--topic", "orders", "--if-exists")).Out);

        var alterMissing = await RunAsync("--alter", "--topic", "orders", "--partitions", "5");
        Assert.True(alterMissing.Exit == 1, alterMissing.ToString());
        Assert.StartsWith("error: UNKNOWN_TOPIC_OR_PARTITION", alterMissing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_lists_topics_and_what_changed()
    {
        var created = await SucceedAsync("--create", "--topic", "events", "--partitions", "2", "--output", "json");
        Assert.Equal("{\n  \"created\": [\n    \"events\"\n  ]\n}\n", created.Out);
        Assert.Equal("{\n  \"topics\": [\n    \"events\"\n  ]\n}\n", (await SucceedAsync("--list", "--exclude-internal", "--output", "json")).Out);
        var altered = await SucceedAsync("--alter", "--topic", "events", "--partitions", "3", "--output", "json");
        Assert.Equal("{\n  \"altered\": [\n    \"events\"\n  ]\n}\n", altered.Out);

        var shrink = await RunAsync("--alter", "--topic", "events", "--partitions", "1");
        Assert.True(shrink.Exit == 1, shrink.ToString());
        Assert.StartsWith("error: INVALID_PARTITIONS", shrink.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_config_supplies_client_properties_and_a_missing_file_exits_1()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kafkanet-topics-{Guid.NewGuid():N}.properties");
        await File.WriteAllTextAsync(path, "client.id = topics-test\n");
        try
        {
            await SucceedAsync("--command-config", path, "--create", "--topic", "configured", "--partitions", "1");
            Assert.Equal("configured\n", (await SucceedAsync("--command-config", path, "--list", "--exclude-internal")).Out);
        }
        finally
        {
            File.Delete(path);
        }

        var missing = await RunAsync("--command-config", path, "--list");
        Assert.True(missing.Exit == 1, missing.ToString());
    }

    /// <summary>A partition led by broker 1, its only replica, as the topics JSON indents it.</summary>
    private static string OnBroker1(int partition) => $$"""
                {
                  "partition": {{partition}},
                  "leader": 1,
                  "replicas": [
                    1
                  ],
                  "isr": [
                    1
                  ],
                  "isUnderReplicated": false,
                  "isUnavailable": false
                }
        """;

    private static string MaskTopicIds(string output) => TopicId().Replace(output, m => new string('#', m.Length));

    /// <summary>A topic id in a table row: 22 characters of URL-safe base64 after the topic name.</summary>
    [GeneratedRegex("(?<=^\\S+\\s+)[A-Za-z0-9_-]{22}(?= )", RegexOptions.Multiline)]
    private static partial Regex TopicId();
}
