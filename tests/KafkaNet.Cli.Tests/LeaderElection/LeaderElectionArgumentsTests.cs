using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.LeaderElection;

namespace KafkaNet.Cli.Tests.LeaderElection;

public sealed class LeaderElectionArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static LeaderElectionArguments Parse(params string[] args) => LeaderElectionArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    [Fact]
    public void One_partition_takes_topic_and_partition_and_the_election_type_in_any_case()
    {
        var parsed = Parse("--election-type", "unclean", "--topic", "orders", "--partition", "2", "--admin.config", "admin.properties");

        Assert.Equal(ElectionType.Unclean, parsed.ElectionType);
        Assert.Equal("orders", parsed.Topic);
        Assert.Equal(2, parsed.Partition);
        Assert.Equal("admin.properties", parsed.AdminConfig);
        Assert.Equal(Bootstrap, parsed.BootstrapServers);
    }

    [Fact]
    public void Every_partition_or_a_file_of_them()
    {
        Assert.True(Parse("--election-type", "PREFERRED", "--all-topic-partitions").AllTopicPartitions);
        var fromFile = Parse("--election-type", "PREFERRED", "--path-to-json-file", "elect.json", "--command-config", "client.properties");
        Assert.Equal("elect.json", fromFile.PathToJsonFile);
        Assert.Equal("client.properties", fromFile.AdminConfig);
        Assert.Equal(ElectionType.Preferred, fromFile.ElectionType);
    }

    [Theory]
    [InlineData("Missing required option(s): --election-type", "--all-topic-partitions")]
    [InlineData("One and only one of the following options is required: --topic, --all-topic-partitions, --path-to-json-file", "--election-type", "preferred")]
    [InlineData("One and only one of the following options is required: --topic, --all-topic-partitions, --path-to-json-file",
        "--election-type", "preferred", "--all-topic-partitions", "--path-to-json-file", "f.json")]
    [InlineData("Missing required option(s): --partition", "--election-type", "preferred", "--topic", "orders")]
    [InlineData("Option --partition is only allowed if --topic is used", "--election-type", "preferred", "--all-topic-partitions", "--partition", "0")]
    [InlineData("--election-type takes PREFERRED or UNCLEAN, not 'random'.", "--election-type", "random", "--all-topic-partitions")]
    [InlineData("Unknown option '--force' for leader-election.", "--force")]
    public void Refuses_what_Kafka_refuses(string message, params string[] args)
    {
        var refused = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Bootstrap_server_is_required()
    {
        var refused = Assert.Throws<UsageException>(() => LeaderElectionArguments.Parse(["--all-topic-partitions"]));
        Assert.Equal("Missing required option(s): --bootstrap-server, --election-type", refused.Message);
    }
}
