using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Reassignment;

namespace KafkaNet.Cli.Tests.Reassignment;

public sealed class ReassignmentArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static ReassignmentArguments Parse(params string[] args) => ReassignmentArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    [Fact]
    public void Generate_takes_the_topics_file_and_the_broker_list()
    {
        var parsed = Parse("--generate", "--topics-to-move-json-file", "topics.json", "--broker-list", "1,2,3", "--command-config", "client.properties");

        Assert.Equal(ReassignmentAction.Generate, parsed.Action);
        Assert.Equal("topics.json", parsed.TopicsToMoveJsonFile);
        Assert.Equal([1, 2, 3], parsed.BrokerList);
        Assert.Equal("client.properties", parsed.CommandConfig);
    }

    [Fact]
    public void Execute_takes_the_reassignment_file_a_throttle_and_additional()
    {
        var parsed = Parse("--execute", "--reassignment-json-file", "plan.json", "--throttle", "50000000", "--additional");

        Assert.Equal(ReassignmentAction.Execute, parsed.Action);
        Assert.Equal("plan.json", parsed.ReassignmentJsonFile);
        Assert.Equal(50_000_000, parsed.Throttle);
        Assert.True(parsed.Additional);
    }

    [Fact]
    public void Verify_cancel_and_list()
    {
        Assert.Equal(ReassignmentAction.Verify, Parse("--verify", "--reassignment-json-file", "plan.json").Action);
        Assert.Equal(ReassignmentAction.Cancel, Parse("--cancel", "--reassignment-json-file", "plan.json").Action);
        Assert.Equal(ReassignmentAction.List, Parse("--list").Action);
    }

    [Theory]
    [InlineData("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list", "--reassignment-json-file", "plan.json")]
    [InlineData("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list", "--list", "--verify")]
    [InlineData("Missing required argument \"reassignment-json-file\"", "--execute")]
    [InlineData("Missing required argument \"broker-list\"", "--generate", "--topics-to-move-json-file", "topics.json")]
    [InlineData("Option \"--throttle\" can't be used with action \"--verify\"", "--verify", "--reassignment-json-file", "plan.json", "--throttle", "10")]
    [InlineData("Option \"--broker-list\" can't be used with action \"--list\"", "--list", "--broker-list", "1")]
    [InlineData("Broker list contains duplicate entries: 2", "--generate", "--topics-to-move-json-file", "t.json", "--broker-list", "1,2,2")]
    [InlineData("--broker-list takes broker ids as 1,2,3, not '1,x'.", "--generate", "--topics-to-move-json-file", "t.json", "--broker-list", "1,x")]
    [InlineData("--throttle must be an integer from 1 to 9223372036854775807, not '0'.", "--execute", "--reassignment-json-file", "p.json", "--throttle", "0")]
    public void Refuses_what_Kafka_refuses(string message, params string[] args)
    {
        var refused = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Bootstrap_server_is_required()
    {
        var refused = Assert.Throws<UsageException>(() => ReassignmentArguments.Parse(["--list"]));
        Assert.Equal("Please specify --bootstrap-server", refused.Message);
    }
}
