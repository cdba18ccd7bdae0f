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
    public void A_transactional_id_makes_a_transactional_producer_with_the_given_transaction_size()
    {
        var produce = PerfCommand.Parse([.. ProduceBase, "--transactional-id", "perf-tx", "--transaction-size", "250"]).Produce!;

        var config = Perf.ProduceRunner.Config(produce);

        Assert.Equal("perf-tx", config["transactional.id"]);
        Assert.Equal(250, produce.TransactionSize);
    }

    [Fact]
    public void Without_a_transactional_id_the_producer_is_not_transactional()
    {
        var produce = PerfCommand.Parse([.. ProduceBase]).Produce!;

        Assert.False(Perf.ProduceRunner.Config(produce).ContainsKey("transactional.id"));
        Assert.Null(produce.TransactionalId);
        Assert.Equal(1000, produce.TransactionSize);
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

    [Fact]
    public void Every_client_reports_statistics_unless_the_user_sets_the_interval()
    {
        var produce = PerfCommand.Parse([.. ProduceBase]).Produce!;
        var consume = PerfCommand.Parse(
            ["perf", "consume", "--bootstrap-server", "h:1", "--topic", "t", "--messages", "5", "--consumer-props", "statistics.interval.ms=0"]).Consume!;

        Assert.Equal("200", Perf.ProduceRunner.Config(produce)[Perf.RequestTally.IntervalKey]);
        Assert.Equal("0", Perf.ConsumeRunner.Config(consume)[Perf.RequestTally.IntervalKey]);
    }

    [Fact]
    public void End_to_end_clients_each_get_their_own_props()
    {
        var endToEnd = PerfCommand.Parse(
            ["perf", "end-to-end", "--bootstrap-server", "h:1", "--topic", "t", "--num-records", "5", "--acks", "all",
             "--producer-props", "linger.ms=5", "client.id=p", "--consumer-props", "fetch.wait.max.ms=50"]).EndToEnd!;

        var producer = Perf.EndToEndRunner.ProducerConfig(endToEnd);
        var consumer = Perf.EndToEndRunner.ConsumerConfig(endToEnd);

        Assert.Equal("5", producer["linger.ms"]);
        Assert.Equal("all", producer["acks"]);
        Assert.Equal("p", producer["client.id"]);
        Assert.False(producer.ContainsKey("fetch.wait.max.ms"));
        Assert.Equal("50", consumer["fetch.wait.max.ms"]);
        Assert.Equal("false", consumer["enable.auto.commit"]);
        Assert.False(consumer.ContainsKey("client.id"));
    }

    [Fact]
    public void End_to_end_sends_without_linger_and_leaves_fetch_wait_at_the_client_default()
    {
        var endToEnd = PerfCommand.Parse(["perf", "end-to-end", "--bootstrap-server", "h:1", "--topic", "t", "--num-records", "5"]).EndToEnd!;

        Assert.False(Perf.EndToEndRunner.ConsumerConfig(endToEnd).ContainsKey("fetch.wait.max.ms"));
        Assert.False(Perf.EndToEndRunner.ProducerConfig(endToEnd).ContainsKey("acks"));
        Assert.Equal("0", Perf.EndToEndRunner.ProducerConfig(endToEnd)["linger.ms"]);
    }

    [Fact]
    public void End_to_end_linger_flag_wins_over_producer_props()
    {
        var endToEnd = PerfCommand.Parse(
            ["perf", "end-to-end", "--bootstrap-server", "h:1", "--topic", "t", "--num-records", "5",
             "--producer-props", "linger.ms=5", "--linger-ms", "2"]).EndToEnd!;

        Assert.Equal("2", Perf.EndToEndRunner.ProducerConfig(endToEnd)["linger.ms"]);
    }
}
