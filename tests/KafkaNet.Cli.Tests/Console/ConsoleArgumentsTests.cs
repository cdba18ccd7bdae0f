using Confluent.Kafka;
using KafkaNet.Cli.ConsoleClients;

namespace KafkaNet.Cli.Tests.Console;

/// <summary>console-producer and console-consumer options, parsed without a cluster; refusals exit 1 with the reason and usage.</summary>
public sealed class ConsoleArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    [Fact]
    public void Producer_reads_the_line_format_and_client_flags()
    {
        var parsed = ProducerArguments.Parse(["--bootstrap-server", Bootstrap, "--topic", "orders",
            "--property", "parse.key=true", "--property", "key.separator=:", "--property", "parse.headers=TRUE",
            "--property", @"headers.delimiter=\t", "--property", "headers.separator=;", "--property", "headers.key.separator==",
            "--producer-property", "linger.ms=7", "--request-required-acks", "-1", "--compression-codec", "zstd", "--sync"]);

        Assert.Equal(new LineFormat(true, ":", true, "\t", ";", "="), parsed.Format);
        Assert.Equal("orders", parsed.Client.Topic);
        var config = ConsoleProducerCommand.Config(parsed);
        Assert.Equal(Bootstrap, config["bootstrap.servers"]);
        Assert.Equal("all", config["acks"]);
        Assert.Equal("zstd", config["compression.type"]);
        Assert.Equal("0", config["linger.ms"]);
    }

    [Fact]
    public void Producer_flags_win_over_client_properties_and_properties_over_defaults()
    {
        var flagged = ProducerArguments.Parse(["--bootstrap-server", Bootstrap, "--topic", "t",
            "--producer-property", "acks=0", "compression.type=gzip", "--request-required-acks", "1"]);
        var config = ConsoleProducerCommand.Config(flagged);
        Assert.Equal("1", config["acks"]);
        Assert.Equal("gzip", config["compression.type"]);
        Assert.Equal(new LineFormat(), flagged.Format);
    }

    [Fact]
    public void Consumer_reads_partition_offset_limits_and_the_print_properties()
    {
        var parsed = ConsumerArguments.Parse(["--bootstrap-server", Bootstrap, "--topic", "orders", "--partition", "2", "--offset", "5",
            "--max-messages", "10", "--timeout-ms", "500", "--isolation-level", "read_committed", "--skip-message-on-error",
            "--property", "print.key=true", "--property", "print.offset=true", "--property", "key.separator=|", "--property", @"line.separator=\r\n"]);

        Assert.Equal(2, parsed.Partition);
        Assert.Equal(new Offset(5), parsed.PartitionStart);
        Assert.Equal(10, parsed.MaxMessages);
        Assert.Equal(500, parsed.TimeoutMs);
        Assert.True(parsed.SkipMessageOnError);
        Assert.Equal(new RecordFormat(PrintKey: true, PrintOffset: true, KeySeparator: "|", LineSeparator: "\r\n"), parsed.Format);
        var config = ConsoleConsumerCommand.Config(parsed);
        Assert.Equal("read_committed", config["isolation.level"]);
        Assert.Equal("false", config["enable.auto.commit"]);
        Assert.Equal(ConsoleConsumerCommand.UngroupedId, config["group.id"]);
    }

    [Fact]
    public void Consumer_partition_starts_at_the_end_unless_told_otherwise()
    {
        static Offset Start(params string[] args) => ConsumerArguments.Parse(["--bootstrap-server", Bootstrap, "--topic", "t", "--partition", "0", .. args]).PartitionStart;

        Assert.Equal(Offset.End, Start());
        Assert.Equal(Offset.Beginning, Start("--from-beginning"));
        Assert.Equal(Offset.Beginning, Start("--offset", "earliest"));
        Assert.Equal(Offset.End, Start("--offset", "latest"));
    }

    [Fact]
    public void Consumer_group_subscribes_with_commits_and_the_group_flag_wins()
    {
        var parsed = ConsumerArguments.Parse(["--bootstrap-server", Bootstrap, "--topic", "t", "--group", "g1", "--from-beginning",
            "--consumer-property", "group.id=other"]);
        var config = ConsoleConsumerCommand.Config(parsed);
        Assert.Equal("g1", config["group.id"]);
        Assert.Equal("true", config["enable.auto.commit"]);
        Assert.Equal("earliest", config["auto.offset.reset"]);
    }

    [Theory]
    [InlineData("--topic is required.", "--bootstrap-server", Bootstrap)]
    [InlineData("--bootstrap-server is required.", "--topic", "t")]
    [InlineData("--property takes key=value pairs, not 'parse.key'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "parse.key")]
    [InlineData("Unknown --property 'print.key'", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "print.key=true")]
    [InlineData("--property parse.key takes true or false, not 'yes'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "parse.key=yes")]
    [InlineData("--property key.separator must not be empty.", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "key.separator=")]
    [InlineData("Unknown option '--from-beginning' for console-producer.", "--bootstrap-server", Bootstrap, "--topic", "t", "--from-beginning")]
    [InlineData("--request-required-acks takes all, -1, 1 or 0, not '2'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--request-required-acks", "2")]
    [InlineData("--compression-codec takes none, gzip, snappy, lz4 or zstd, not 'brotli'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--compression-codec", "brotli")]
    [InlineData("Only one of --producer.config or --command-config can be given.", "--bootstrap-server", Bootstrap, "--topic", "t", "--producer.config", "a", "--command-config", "b")]
    public async Task Producer_refuses_invalid_arguments_with_exit_1(string reason, params string[] args)
    {
        var run = await ConsoleRun.ProducerAsync("ignored\n", args);

        Assert.True(run.Exit == 1, run.ToString());
        Assert.StartsWith($"error: {reason}", run.Error, StringComparison.Ordinal);
        Assert.Contains("kafkanet console-producer --bootstrap-server", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("--topic is required.", "--bootstrap-server", Bootstrap)]
    [InlineData("The partition is required when offset is specified.", "--bootstrap-server", Bootstrap, "--topic", "t", "--offset", "3")]
    [InlineData("Options from-beginning and offset cannot be specified together.", "--bootstrap-server", Bootstrap, "--topic", "t", "--partition", "0", "--offset", "3", "--from-beginning")]
    [InlineData("Options group and partition cannot be specified together", "--bootstrap-server", Bootstrap, "--topic", "t", "--partition", "0", "--group", "g")]
    [InlineData("--offset takes a non-negative integer, earliest or latest, not '-1'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--partition", "0", "--offset", "-1")]
    [InlineData("--max-messages must be an integer from 1 to", "--bootstrap-server", Bootstrap, "--topic", "t", "--max-messages", "0")]
    [InlineData("--property print.offset takes true or false, not '1'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "print.offset=1")]
    [InlineData("Unknown --property 'parse.key'", "--bootstrap-server", Bootstrap, "--topic", "t", "--property", "parse.key=true")]
    [InlineData("--isolation-level takes read_committed or read_uncommitted, not 'dirty'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--isolation-level", "dirty")]
    [InlineData("Unknown option '--sync' for console-consumer.", "--bootstrap-server", Bootstrap, "--topic", "t", "--sync")]
    [InlineData("Unexpected argument 'extra'.", "--bootstrap-server", Bootstrap, "--topic", "t", "--from-beginning", "extra")]
    public async Task Consumer_refuses_invalid_arguments_with_exit_1(string reason, params string[] args)
    {
        var run = await ConsoleRun.ConsumerAsync(args);

        Assert.True(run.Exit == 1, run.ToString());
        Assert.StartsWith($"error: {reason}", run.Error, StringComparison.Ordinal);
        Assert.Contains("kafkanet console-consumer --bootstrap-server", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Processed a total of 0 messages", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var producer = await ConsoleRun.ProducerAsync(string.Empty, "--help");
        var consumer = await ConsoleRun.ConsumerAsync("--help");

        Assert.Equal(0, producer.Exit);
        Assert.Contains("console-producer sends one record per line", producer.Out, StringComparison.Ordinal);
        Assert.Equal(0, consumer.Exit);
        Assert.Contains("console-consumer prints a topic's records", consumer.Out, StringComparison.Ordinal);
    }
}
