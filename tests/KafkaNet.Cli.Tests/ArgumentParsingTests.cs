using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class ArgumentParsingTests
{
    private static PerfCommand Parse(string line) => PerfCommand.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Produce_with_every_option_parses_each_value()
    {
        var command = Parse(
            "perf produce --bootstrap-server localhost:9092 --topic t1 --num-records 1000 --record-size 100 "
            + "--acks 1 --compression zstd --linger-ms 5 --batch-size 65536 --partitions 6 --throughput 5000 "
            + "--producer-props client.id=perf enable.idempotence=false --json");

        var produce = Assert.IsType<ProduceOptions>(command.Produce);
        Assert.Null(command.Consume);
        Assert.Equal("localhost:9092", produce.BootstrapServers);
        Assert.Equal("t1", produce.Topic);
        Assert.Equal(1000, produce.NumRecords);
        Assert.Equal(100, produce.RecordSize);
        Assert.Equal("1", produce.Acks);
        Assert.Equal("zstd", produce.Compression);
        Assert.Equal(5, produce.LingerMs);
        Assert.Equal(65536, produce.BatchSize);
        Assert.Equal(6, produce.Partitions);
        Assert.Equal(5000, produce.Throughput);
        Assert.Equal(
            [new("client.id", "perf"), new("enable.idempotence", "false")],
            produce.ProducerProperties);
        Assert.True(produce.Json);
    }

    [Fact]
    public void Produce_defaults_to_unlimited_rate_and_client_defaults()
    {
        var produce = Parse("perf produce --topic t --num-records 1 --record-size 0 --bootstrap-server h:1").Produce!;

        Assert.Equal(-1, produce.Throughput);
        Assert.Null(produce.Acks);
        Assert.Null(produce.Compression);
        Assert.Null(produce.Partitions);
        Assert.Empty(produce.ProducerProperties);
        Assert.False(produce.Json);
    }

    [Fact]
    public void Acks_minus_one_means_all()
    {
        var produce = Parse("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --acks -1").Produce!;

        Assert.Equal("all", produce.Acks);
    }

    [Fact]
    public void Consume_with_every_option_parses_each_value()
    {
        var command = Parse(
            "perf consume --bootstrap-server a:9092,b:9093 --topic t --messages 500 --timeout-ms 2000 "
            + "--fetch-max-bytes 1048576 --consumer-props check.crcs=true --json");

        var consume = Assert.IsType<ConsumeOptions>(command.Consume);
        Assert.Equal("a:9092,b:9093", consume.BootstrapServers);
        Assert.Equal(500, consume.Messages);
        Assert.Equal(2000, consume.TimeoutMs);
        Assert.Equal(1048576, consume.FetchMaxBytes);
        Assert.Equal([new("check.crcs", "true")], consume.ConsumerProperties);
        Assert.True(consume.Json);
    }

    [Fact]
    public void Consume_waits_ten_seconds_for_a_record_by_default()
    {
        var consume = Parse("perf consume --bootstrap-server h:1 --topic t --messages 1").Consume!;

        Assert.Equal(10_000, consume.TimeoutMs);
        Assert.Null(consume.FetchMaxBytes);
    }

    [Fact]
    public void End_to_end_with_every_option_parses_each_value()
    {
        var command = Parse(
            "perf end-to-end --bootstrap-server h:1 --topic lat --num-records 21000 --record-size 512 --throughput 2000 "
            + "--acks 1 --linger-ms 1 --partitions 3 --warmup-records 500 --timeout-ms 3000 "
            + "--producer-props client.id=p --consumer-props fetch.wait.max.ms=100 check.crcs=true --json");

        var endToEnd = Assert.IsType<EndToEndOptions>(command.EndToEnd);
        Assert.Null(command.Produce);
        Assert.Null(command.Consume);
        Assert.Equal("lat", endToEnd.Topic);
        Assert.Equal(21000, endToEnd.NumRecords);
        Assert.Equal(512, endToEnd.RecordSize);
        Assert.Equal(2000, endToEnd.Throughput);
        Assert.Equal("1", endToEnd.Acks);
        Assert.Equal(1, endToEnd.LingerMs);
        Assert.Equal(3, endToEnd.Partitions);
        Assert.Equal(500, endToEnd.WarmupRecords);
        Assert.Equal(3000, endToEnd.TimeoutMs);
        Assert.Equal([new("client.id", "p")], endToEnd.ProducerProperties);
        Assert.Equal([new("fetch.wait.max.ms", "100"), new("check.crcs", "true")], endToEnd.ConsumerProperties);
        Assert.True(endToEnd.Json);
    }

    [Fact]
    public void End_to_end_defaults_to_a_thousand_kib_records_a_second_with_a_timed_warmup()
    {
        var endToEnd = Parse("perf end-to-end --bootstrap-server h:1 --topic t --num-records 100").EndToEnd!;

        Assert.Equal(1000, endToEnd.Throughput);
        Assert.Equal(1024, endToEnd.RecordSize);
        Assert.Null(endToEnd.LingerMs);
        Assert.Equal(1, endToEnd.Partitions);
        Assert.Null(endToEnd.WarmupRecords);
        Assert.Null(endToEnd.Acks);
        Assert.False(endToEnd.Json);
    }

    [Fact]
    public void Delete_topic_takes_the_target_and_admin_props()
    {
        var delete = Parse("perf delete-topic --bootstrap-server h:1 --topic gone --admin-props client.id=a").DeleteTopic;

        Assert.NotNull(delete);
        Assert.Equal("gone", delete.Topic);
        Assert.Equal("h:1", delete.BootstrapServers);
        Assert.Equal([new("client.id", "a")], delete.AdminProperties);
        Assert.False(Parse("perf delete-topic --bootstrap-server h:1 --topic gone").IsHelp);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("perf produce --help")]
    [InlineData("perf consume --topic t -h")]
    [InlineData("perf end-to-end --help")]
    public void Help_is_recognised_anywhere(string line)
    {
        Assert.True(Parse(line).IsHelp);
    }

    [Theory]
    [InlineData("", "No command")]
    [InlineData("produce --topic t", "Unknown command")]
    [InlineData("perf", "Unknown command")]
    [InlineData("perf fetch --topic t", "Unknown perf command")]
    [InlineData("perf delete-topic --bootstrap-server h:1", "--topic is required")]
    [InlineData("perf delete-topic --bootstrap-server h:1 --topic t --json", "perf delete-topic has no --json output")]
    [InlineData("perf end-to-end --bootstrap-server h:1 --topic t", "--num-records is required")]
    [InlineData("perf end-to-end --bootstrap-server h:1 --topic t --num-records 10 --record-size 15", "--record-size must be")]
    [InlineData("perf end-to-end --bootstrap-server h:1 --topic t --num-records 10 --warmup-records 10", "--warmup-records must be less")]
    [InlineData("perf end-to-end --bootstrap-server h:1 --topic t --num-records 10 --throughput 0", "--throughput must be")]
    [InlineData("perf end-to-end --bootstrap-server h:1 --topic t --num-records 10 --messages 3", "Unknown option '--messages' for perf end-to-end")]
    [InlineData("perf produce --topic t --num-records 1 --record-size 1", "--bootstrap-server is required")]
    [InlineData("perf produce --bootstrap-server h:1 --num-records 1 --record-size 1", "--topic is required")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --record-size 1", "--num-records is required")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1", "--record-size is required")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 0 --record-size 1", "--num-records must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records ten --record-size 1", "--num-records must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size -5", "--record-size must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 104857601", "--record-size must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --acks 2", "--acks must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --compression brotli", "--compression must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --throughput 0", "--throughput must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --partitions 0", "--partitions must be")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --producer-props", "at least one key=value")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --producer-props =x", "key=value pairs")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 --messages 3", "Unknown option '--messages'")]
    [InlineData("perf produce --bootstrap-server h:1 --topic --num-records 1 --record-size 1", "--topic needs a value")]
    [InlineData("perf produce --bootstrap-server h:1 --topic t --num-records 1 --record-size 1 stray", "Unexpected argument 'stray'")]
    [InlineData("perf produce --bootstrap-server localhost --topic t --num-records 1 --record-size 1", "HOST:PORT")]
    [InlineData("perf produce --bootstrap-server h:70000 --topic t --num-records 1 --record-size 1", "HOST:PORT")]
    [InlineData("perf consume --bootstrap-server h:1 --topic t", "--messages is required")]
    [InlineData("perf consume --bootstrap-server h:1 --topic t --messages 1 --timeout-ms 0", "--timeout-ms must be")]
    [InlineData("perf consume --bootstrap-server h:1 --topic t --messages 1 --record-size 1", "Unknown option '--record-size'")]
    public void Invalid_arguments_are_refused_with_a_reason(string line, string reason)
    {
        var error = Assert.Throws<UsageException>(() => Parse(line));

        Assert.Contains(reason, error.Message);
    }
}
