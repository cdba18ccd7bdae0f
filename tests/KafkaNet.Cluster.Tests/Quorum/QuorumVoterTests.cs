using KafkaNet.Cluster.Quorum;

namespace KafkaNet.Cluster.Tests.Quorum;

public sealed class QuorumVoterTests
{
    [Fact]
    public void Parses_kafka_voter_list_in_order()
    {
        var voters = QuorumVoter.ParseVoters("1@localhost:9093, 2@kafka-2.example:9094,3@[::1]:9095");

        Assert.Equal(
            [new QuorumVoter(1, "localhost", 9093), new QuorumVoter(2, "kafka-2.example", 9094), new QuorumVoter(3, "::1", 9095)],
            voters);
    }

    [Fact]
    public void Parses_a_single_voter()
        => Assert.Equal([new QuorumVoter(0, "127.0.0.1", 19093)], QuorumVoter.ParseVoters("0@127.0.0.1:19093"));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("localhost:9093")]
    [InlineData("@localhost:9093")]
    [InlineData("x@localhost:9093")]
    [InlineData("-1@localhost:9093")]
    [InlineData("1@localhost")]
    [InlineData("1@localhost:")]
    [InlineData("1@:9093")]
    [InlineData("1@localhost:0")]
    [InlineData("1@localhost:65536")]
    [InlineData("1@localhost:port")]
    [InlineData("1@local host:9093")]
    [InlineData("1@localhost:9093,")]
    public void Rejects_malformed_voter_lists(string value)
    {
        var error = Assert.Throws<FormatException>(() => QuorumVoter.ParseVoters(value));
        Assert.Contains("controller.quorum.voters", error.Message);
    }

    [Fact]
    public void Rejects_a_repeated_node_id()
    {
        var error = Assert.Throws<FormatException>(() => QuorumVoter.ParseVoters("1@a:9093,1@b:9094"));
        Assert.Contains("node id 1", error.Message);
    }
}
