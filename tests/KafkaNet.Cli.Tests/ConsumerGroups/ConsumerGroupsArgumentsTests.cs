using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.ConsumerGroups;

namespace KafkaNet.Cli.Tests.ConsumerGroups;

/// <summary>The `kafkanet consumer-groups` command line: each action's options and Kafka's rules between them.</summary>
public sealed class ConsumerGroupsArgumentsTests
{
    private const string Server = "127.0.0.1:9092";

    private static ConsumerGroupsArguments Parse(params string[] args) => ConsumerGroupsArguments.Parse(["--bootstrap-server", Server, .. args]);

    [Fact]
    public void List_with_and_without_states()
    {
        var plain = Parse("--list");
        Assert.Equal(ConsumerGroupsAction.List, plain.Action);
        Assert.Null(plain.States);

        Assert.Empty(Parse("--list", "--state").States!);
        Assert.Equal(["Stable", "Empty"], Parse("--list", "--state", "stable,EMPTY").States!);
        Assert.False(plain.Json);
        Assert.True(Parse("--list", "--output", "json").Json);
    }

    [Fact]
    public void Describe_views()
    {
        var offsets = Parse("--describe", "--group", "a", "--group", "b");
        Assert.Equal(ConsumerGroupsAction.Describe, offsets.Action);
        Assert.Equal(["a", "b"], offsets.Groups);
        Assert.Equal(DescribeView.Offsets, offsets.View);
        Assert.Equal(DescribeView.Offsets, Parse("--describe", "--all-groups", "--offsets").View);
        var members = Parse("--describe", "--group", "a", "--members", "--verbose");
        Assert.Equal(DescribeView.Members, members.View);
        Assert.True(members.Verbose);
        Assert.Equal(DescribeView.State, Parse("--describe", "--group", "a", "--state").View);
    }

    [Fact]
    public void Reset_offsets_scenarios()
    {
        var reset = Parse("--reset-offsets", "--group", "g", "--topic", "orders:0,2", "--topic", "payments", "--to-offset", "5");
        Assert.Equal(ConsumerGroupsAction.ResetOffsets, reset.Action);
        Assert.Equal(ResetScenario.ToOffset, reset.Scenario);
        Assert.Equal(5, reset.Offset);
        Assert.False(reset.Execute);
        Assert.Equal("orders", reset.Topics[0].Topic);
        Assert.Equal([0, 2], reset.Topics[0].Partitions!);
        Assert.Null(reset.Topics[1].Partitions);

        Assert.Equal(-3, Parse("--reset-offsets", "--all-groups", "--all-topics", "--shift-by", "-3", "--execute").Offset);
        Assert.True(Parse("--reset-offsets", "--group", "g", "--all-topics", "--to-earliest", "--execute").Execute);
        Assert.Equal(ResetScenario.ToLatest, Parse("--reset-offsets", "--group", "g", "--all-topics", "--to-latest", "--dry-run").Scenario);
        Assert.Equal(ResetScenario.ToCurrent, Parse("--reset-offsets", "--group", "g", "--all-topics", "--to-current").Scenario);
        Assert.Equal(
            new DateTimeOffset(2024, 1, 31, 12, 30, 15, 250, TimeSpan.Zero),
            Parse("--reset-offsets", "--group", "g", "--all-topics", "--to-datetime", "2024-01-31T12:30:15.250Z").Datetime);
        Assert.Equal(
            new DateTimeOffset(2024, 1, 31, 12, 30, 15, 250, TimeSpan.FromHours(2)),
            Parse("--reset-offsets", "--group", "g", "--all-topics", "--to-datetime", "2024-01-31T12:30:15.250+02:00").Datetime);
        Assert.Equal(
            new TimeSpan(1, 2, 30, 0),
            Parse("--reset-offsets", "--group", "g", "--all-topics", "--by-duration", "P1DT2H30M").Duration);
    }

    [Fact]
    public void Delete_offsets_and_delete()
    {
        var offsets = Parse("--delete-offsets", "--group", "g", "--topic", "orders:1");
        Assert.Equal(ConsumerGroupsAction.DeleteOffsets, offsets.Action);
        Assert.Equal([1], offsets.Topics[0].Partitions!);
        Assert.Equal(["a", "b"], Parse("--delete", "--group", "a", "--group", "b").Groups);
        Assert.True(Parse("--delete", "--all-groups").AllGroups);
    }

    [Theory]
    [InlineData("exactly one action")]
    [InlineData("exactly one action", "--list", "--delete", "--group", "g")]
    [InlineData("--bootstrap-server is required", "--list")]
    [InlineData("--group, --all-groups", "--describe")]
    [InlineData("--group, --all-groups", "--describe", "--group", "g", "--all-groups")]
    [InlineData("at most one of these options", "--describe", "--group", "g", "--members", "--state")]
    [InlineData("--verbose can only be used", "--describe", "--group", "g", "--verbose")]
    [InlineData("takes no value with --describe", "--describe", "--group", "g", "--state", "Stable")]
    [InlineData("--state takes", "--list", "--state", "Sleeping")]
    [InlineData("\"--topic\" can't be used with --describe", "--describe", "--group", "g", "--topic", "t")]
    [InlineData("\"--to-earliest\" can't be used with --describe", "--describe", "--group", "g", "--to-earliest")]
    [InlineData("\"--group\" can't be used with --list", "--list", "--group", "g")]
    [InlineData("--group, --all-groups", "--reset-offsets", "--topic", "t", "--to-earliest")]
    [InlineData("one --group", "--reset-offsets", "--group", "a", "--group", "b", "--topic", "t", "--to-earliest")]
    [InlineData("--topic, --all-topics", "--reset-offsets", "--group", "g", "--to-earliest")]
    [InlineData("--topic, --all-topics", "--reset-offsets", "--group", "g", "--topic", "t", "--all-topics", "--to-earliest")]
    [InlineData("exactly one of these options: --to-datetime", "--reset-offsets", "--group", "g", "--topic", "t")]
    [InlineData("exactly one of these options: --to-datetime", "--reset-offsets", "--group", "g", "--topic", "t", "--to-earliest", "--to-latest")]
    [InlineData("--dry-run, --execute", "--reset-offsets", "--group", "g", "--topic", "t", "--to-earliest", "--dry-run", "--execute")]
    [InlineData("--to-offset must be an integer", "--reset-offsets", "--group", "g", "--topic", "t", "--to-offset", "-1")]
    [InlineData("--to-datetime takes", "--reset-offsets", "--group", "g", "--topic", "t", "--to-datetime", "yesterday")]
    [InlineData("--by-duration takes", "--reset-offsets", "--group", "g", "--topic", "t", "--by-duration", "1 day")]
    [InlineData("--topic takes TOPIC", "--reset-offsets", "--group", "g", "--topic", "t:x", "--to-earliest")]
    [InlineData("--group is required with --delete-offsets", "--delete-offsets", "--topic", "t")]
    [InlineData("\"--all-groups\" can't be used with --delete-offsets", "--delete-offsets", "--all-groups", "--topic", "t")]
    [InlineData("needs --topic", "--delete-offsets", "--group", "g")]
    [InlineData("--group, --all-groups", "--delete")]
    [InlineData("Unknown option '--grup'", "--delete", "--grup", "g")]
    public async Task Invalid_command_lines_exit_1_with_the_reason_and_usage(string reason, params string[] args)
    {
        string[] command = reason.StartsWith("--bootstrap-server", StringComparison.Ordinal) ? args : ["--bootstrap-server", Server, .. args];
        var run = await ConsumerGroupsRun.RunAsync(command);
        Assert.True(run.Exit == ExitCode.Failed, run.ToString());
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Contains("kafkanet consumer-groups --bootstrap-server", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var run = await ConsumerGroupsRun.RunAsync("--help");
        Assert.Equal(0, run.Exit);
        Assert.Contains("--reset-offsets (--group G | --all-groups)", run.Out, StringComparison.Ordinal);
    }
}
