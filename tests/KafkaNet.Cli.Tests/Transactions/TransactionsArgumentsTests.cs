using KafkaNet.Cli.Transactions;

namespace KafkaNet.Cli.Tests.Transactions;

public sealed class TransactionsArgumentsTests
{
    private const string Server = "127.0.0.1:9092";

    [Fact]
    public void Connection_options_go_before_the_command_or_after_it()
    {
        var before = TransactionsArguments.Parse(["--bootstrap-server", Server, "--output", "json", "describe", "--transactional-id", "t"]);
        var after = TransactionsArguments.Parse(["describe", "--transactional-id", "t", "--bootstrap-server", Server, "--output", "json"]);
        Assert.Equal(before, after);
        Assert.Equal(TransactionsAction.Describe, before.Action);
        Assert.Equal("t", before.TransactionalId);
        Assert.True(before.Json);
    }

    [Fact]
    public void List_reads_its_filters()
    {
        var list = TransactionsArguments.Parse(["--bootstrap-server", Server, "list", "--duration-filter", "5000",
            "--producer-id-filter", "3,4", "--producer-id-filter", "7", "--transactional-id-pattern", "tx-.*"]);
        Assert.Equal(5000, list.DurationFilter);
        Assert.Equal([3L, 4L, 7L], list.ProducerIdFilter);
        Assert.Equal("tx-.*", list.TransactionalIdPattern);
    }

    [Fact]
    public void Abort_and_find_hanging_read_their_options()
    {
        var abort = TransactionsArguments.Parse(["--bootstrap-server", Server, "abort", "--topic", "orders", "--partition", "2",
            "--producer-id", "9", "--producer-epoch", "1", "--coordinator-epoch", "-1"]);
        Assert.Equal(("orders", 2, 9L, (short)1, -1), (abort.Topic, abort.Partition!.Value, abort.ProducerId!.Value, abort.ProducerEpoch!.Value, abort.CoordinatorEpoch!.Value));

        var hanging = TransactionsArguments.Parse(["--bootstrap-server", Server, "find-hanging", "--broker-id", "3"]);
        Assert.Equal((3, 15), (hanging.BrokerId!.Value, hanging.MaxTransactionTimeoutMinutes));
    }

    [Theory]
    [InlineData("error: No transactions command given", "--bootstrap-server", Server)]
    [InlineData("error: Unknown transactions command 'show'", "--bootstrap-server", Server, "show")]
    [InlineData("error: --bootstrap-server is required.", "list")]
    [InlineData("error: Unknown option '--topic' for transactions list.", "--bootstrap-server", Server, "list", "--topic", "t")]
    [InlineData("error: --transactional-id is required.", "--bootstrap-server", Server, "describe")]
    [InlineData("error: --partition is required.", "--bootstrap-server", Server, "describe-producers", "--topic", "t")]
    [InlineData("error: The transaction to abort must be identified", "--bootstrap-server", Server, "abort", "--topic", "t", "--partition", "0")]
    [InlineData("error: --coordinator-epoch is required.", "--bootstrap-server", Server, "abort", "--topic", "t", "--partition", "0",
        "--producer-id", "1", "--producer-epoch", "0")]
    [InlineData("error: find-hanging needs --topic or --broker-id", "--bootstrap-server", Server, "find-hanging")]
    [InlineData("error: --partition needs --topic.", "--bootstrap-server", Server, "find-hanging", "--broker-id", "1", "--partition", "0")]
    [InlineData("error: --producer-id-filter takes producer ids", "--bootstrap-server", Server, "list", "--producer-id-filter", "x")]
    public async Task Invalid_arguments_exit_1_with_the_reason_and_usage(string reason, params string[] args)
    {
        var run = await TransactionsRun.RunAsync(args);
        Assert.Equal(1, run.Exit);
        Assert.StartsWith(reason, run.Error, StringComparison.Ordinal);
        Assert.Contains("kafkanet transactions --bootstrap-server", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var run = await TransactionsRun.RunAsync("--help");
        Assert.Equal(0, run.Exit);
        Assert.StartsWith("Usage:\n  kafkanet transactions", run.Out, StringComparison.Ordinal);
    }
}
