using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Tests;

public class ClientConfigTests
{
    private static readonly string[] ProduceBase =
        ["perf", "produce", "--bootstrap-server", "h:1", "--topic", "t", "--num-records", "1", "--record-size", "1"];

    [Fact]
    public void Producer_flags_win_over_producer_props()
    {
        var produce = PerfCommand.Parse([.. ProduceBase, "--producer-props", "acks=1", "client.id=x", "--acks", "all", "--linger-ms", "7"]).Produce!;

        var config = Perf.ProduceRunner.Config(produce);

        Assert.Equal("all", config["acks"]);
        Assert.Equal("7", config["linger.ms"]);
        Assert.Equal("x", config["client.id"]);
        Assert.Equal("h:1", config["bootstrap.servers"]);
        Assert.False(config.ContainsKey("compression.type"));
    }

    [Fact]
    public void Producer_props_apply_where_no_flag_is_given()
    {
        var produce = PerfCommand.Parse([.. ProduceBase, "--producer-props", "acks=0", "batch.size=1000"]).Produce!;

        var config = Perf.ProduceRunner.Config(produce);

        Assert.Equal("0", config["acks"]);
        Assert.Equal("1000", config["batch.size"]);
    }

    [Fact]
    public void Consumer_reads_from_the_beginning_without_committing()
    {
        var consume = PerfCommand.Parse(
            ["perf", "consume", "--bootstrap-server", "h:1", "--topic", "t", "--messages", "5", "--fetch-max-bytes", "4096"]).Consume!;

        var config = Perf.ConsumeRunner.Config(consume);

        Assert.Equal("earliest", config["auto.offset.reset"]);
        Assert.Equal("false", config["enable.auto.commit"]);
        Assert.Equal("4096", config["fetch.max.bytes"]);
        Assert.True(config.ContainsKey("group.id"));
    }

    [Fact]
    public void Consumer_props_can_replace_the_tools_defaults()
    {
        var consume = PerfCommand.Parse(
            ["perf", "consume", "--bootstrap-server", "h:1", "--topic", "t", "--messages", "5", "--consumer-props", "group.id=mine"]).Consume!;

        Assert.Equal("mine", Perf.ConsumeRunner.Config(consume)["group.id"]);
    }
}
