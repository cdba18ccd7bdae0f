using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Topics;

namespace KafkaNet.Cli.Tests.Topics;

public sealed class TopicsArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static TopicsArguments Parse(params string[] args) => TopicsArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    [Fact]
    public void List_takes_a_pattern_and_exclude_internal()
    {
        var parsed = Parse("--list", "--topic", "ord.*", "--exclude-internal");

        Assert.Equal(TopicsAction.List, parsed.Action);
        Assert.Equal(Bootstrap, parsed.BootstrapServers);
        Assert.Equal("ord.*", parsed.Topic);
        Assert.True(parsed.ExcludeInternal);
        Assert.False(parsed.Json);
    }

    [Fact]
    public void Describe_takes_a_report_filter_and_json_output()
    {
        var parsed = Parse("--describe", "--under-replicated-partitions", "--output", "json");

        Assert.Equal(TopicsAction.Describe, parsed.Action);
        Assert.True(parsed.UnderReplicatedPartitions);
        Assert.True(parsed.Json);
        Assert.Null(parsed.Topic);
    }

    [Fact]
    public void Create_reads_partitions_replication_factor_configs_and_if_not_exists()
    {
        var parsed = Parse("--create", "--topic", "orders", "--partitions", "3", "--replication-factor", "2",
            "--config", "retention.ms=1000", "--config", "cleanup.policy=compact", "--if-not-exists", "--command-config", "client.properties");

        Assert.Equal(TopicsAction.Create, parsed.Action);
        Assert.Equal("orders", parsed.Topic);
        Assert.Equal(3, parsed.Partitions);
        Assert.Equal(2, parsed.ReplicationFactor);
        Assert.Equal([new("retention.ms", "1000"), new("cleanup.policy", "compact")], parsed.Configs);
        Assert.True(parsed.IfNotExists);
        Assert.Equal("client.properties", parsed.CommandConfig);
    }

    [Fact]
    public void Create_without_partitions_leaves_them_to_the_broker_and_reads_a_replica_assignment()
    {
        var parsed = Parse("--create", "--topic", "orders", "--replica-assignment", "0:1,1:2,2:0");

        Assert.Equal(-1, parsed.Partitions);
        Assert.Equal(-1, parsed.ReplicationFactor);
        Assert.Equal([[0, 1], [1, 2], [2, 0]], parsed.ReplicaAssignment!.OrderBy(p => p.Key).Select(p => p.Value));
    }

    [Fact]
    public void Alter_and_delete_take_if_exists()
    {
        var alter = Parse("--alter", "--topic", "orders", "--partitions", "5", "--if-exists");
        var delete = Parse("--delete", "--topic", "orders.*", "--if-exists");

        Assert.Equal((TopicsAction.Alter, 5, true), (alter.Action, alter.Partitions, alter.IfExists));
        Assert.Equal((TopicsAction.Delete, "orders.*", true), (delete.Action, delete.Topic, delete.IfExists));
    }

    [Theory]
    [InlineData("exactly one action", "--bootstrap-server", Bootstrap)]
    [InlineData("exactly one action", "--bootstrap-server", Bootstrap, "--list", "--describe")]
    [InlineData("--bootstrap-server is required", "--list")]
    [InlineData("--topic is required with --create", "--bootstrap-server", Bootstrap, "--create", "--partitions", "1")]
    [InlineData("--topic is required with --alter", "--bootstrap-server", Bootstrap, "--alter", "--partitions", "2")]
    [InlineData("--topic is required with --delete", "--bootstrap-server", Bootstrap, "--delete")]
    [InlineData("--partitions is required with --alter", "--bootstrap-server", Bootstrap, "--alter", "--topic", "t")]
    [InlineData("Unknown option '--partition'", "--bootstrap-server", Bootstrap, "--create", "--topic", "t", "--partition", "1")]
    [InlineData("\"--if-not-exists\" can't be used with --delete", "--bootstrap-server", Bootstrap, "--delete", "--topic", "t", "--if-not-exists")]
    [InlineData("\"--config\" can't be used with --alter", "--bootstrap-server", Bootstrap, "--alter", "--topic", "t", "--partitions", "2", "--config", "a=b")]
    [InlineData("\"--topics-with-overrides\" can't be used with --list", "--bootstrap-server", Bootstrap, "--list", "--topics-with-overrides")]
    [InlineData("cannot be given with --partitions", "--bootstrap-server", Bootstrap, "--create", "--topic", "t", "--partitions", "2", "--replica-assignment", "0,1")]
    [InlineData("--partitions must be an integer from 1", "--bootstrap-server", Bootstrap, "--create", "--topic", "t", "--partitions", "0")]
    [InlineData("--config takes key=value", "--bootstrap-server", Bootstrap, "--create", "--topic", "t", "--config", "retention.ms")]
    [InlineData("--output takes json or text", "--bootstrap-server", Bootstrap, "--list", "--output", "yaml")]
    [InlineData("Only one of --topics-with-overrides", "--bootstrap-server", Bootstrap, "--describe", "--topics-with-overrides", "--unavailable-partitions")]
    public void Wrong_command_lines_are_refused_with_the_reason(string reason, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => TopicsArguments.Parse(args));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_command_line_exits_1_with_the_reason_and_usage_before_connecting()
    {
        var run = await TopicsRun.RunAsync("--bootstrap-server", Bootstrap, "--create", "--alter", "--topic", "t");

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: Command must include exactly one action", run.Error, StringComparison.Ordinal);
        Assert.Contains(Usage.Topics, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task An_invalid_topic_pattern_exits_1()
    {
        var run = await TopicsRun.RunAsync("--bootstrap-server", Bootstrap, "--list", "--topic", "orders[");

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: --topic 'orders[' is not a valid regular expression", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var run = await TopicsRun.RunAsync("--help");

        Assert.Equal(0, run.Exit);
        Assert.Equal(Usage.Topics + "\n", run.Out.ReplaceLineEndings("\n"));
    }
}
