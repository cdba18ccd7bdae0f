using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.GetOffsets;

namespace KafkaNet.Cli.Tests.GetOffsets;

public sealed class GetOffsetsArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static GetOffsetsArguments Parse(params string[] args) => GetOffsetsArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    private static void Refused(string message, params string[] args) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse(args)).Message);

    [Theory]
    [InlineData("latest", -1)]
    [InlineData("-1", -1)]
    [InlineData("earliest", -2)]
    [InlineData("-2", -2)]
    [InlineData("max-timestamp", -3)]
    [InlineData("-3", -3)]
    [InlineData("1700000000000", 1700000000000)]
    public void Time_takes_Kafka_names_numbers_and_timestamps(string time, long timestamp) =>
        Assert.Equal(timestamp, Parse("--time", time).Time.Timestamp);

    [Fact]
    public void Defaults_are_every_topic_every_partition_latest()
    {
        var parsed = Parse();

        Assert.Equal(Bootstrap, parsed.BootstrapServers);
        Assert.Equal(OffsetTime.Latest, parsed.Time.Timestamp);
        Assert.False(parsed.ExcludeInternalTopics);
        Assert.False(parsed.Json);
        var rule = Assert.Single(parsed.Rules);
        Assert.True(rule.Matches("anything", 0));
        Assert.True(rule.Matches("__consumer_offsets", 49));
    }

    [Fact]
    public void Topic_is_a_whole_name_regular_expression_and_partitions_a_list()
    {
        var parsed = Parse("--topic", "ord.*", "--partitions", "0,2", "--exclude-internal-topics", "--output", "json", "--command-config", "admin.properties");

        var rule = Assert.Single(parsed.Rules);
        Assert.True(rule.Matches("orders", 0));
        Assert.True(rule.Matches("orders", 2));
        Assert.False(rule.Matches("orders", 1));
        Assert.False(rule.Matches("reorders", 0));
        Assert.True(parsed.ExcludeInternalTopics);
        Assert.True(parsed.Json);
        Assert.Equal("admin.properties", parsed.CommandConfig);
    }

    [Fact]
    public void Topic_partitions_rules_take_a_number_a_range_with_the_end_excluded_or_open_ends()
    {
        var rules = Parse("--topic-partitions", "orders:1,payments:0-2,events:3-,audit:-1,:5,logs").Rules;

        bool Matches(string topic, int partition) => rules.Any(r => r.Matches(topic, partition));
        Assert.True(Matches("orders", 1));
        Assert.False(Matches("orders", 0));
        Assert.True(Matches("payments", 0));
        Assert.True(Matches("payments", 1));
        Assert.False(Matches("payments", 2));
        Assert.False(Matches("events", 2));
        Assert.True(Matches("events", 300));
        Assert.True(Matches("audit", 0));
        Assert.False(Matches("audit", 1));
        Assert.True(Matches("anything", 5));
        Assert.True(Matches("logs", 7));
    }

    [Fact]
    public void Invalid_arguments_are_refused_with_Kafka_messages()
    {
        Refused("--topic-partitions cannot be used with --topic or --partitions", "--topic-partitions", "orders", "--topic", "orders");
        Refused("--partitions expects a comma separated list of numeric partition ids, but received: 0,x", "--partitions", "0,x");
        Refused("Invalid rule specification: orders:x", "--topic-partitions", "orders:x");
        Refused("Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp",
            "--time", "yesterday");
        Refused("Unknown option '--group' for get-offsets.", "--group", "g");
        Assert.Equal("--bootstrap-server is required.", Assert.Throws<UsageException>(() => GetOffsetsArguments.Parse(["--topic", "orders"])).Message);
    }
}
