using Confluent.Kafka.Admin;
using KafkaNet.Cli.Acls;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Tests.Acls;

public sealed class AclsArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static AclsArguments Parse(params string[] args) => AclsArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    [Fact]
    public void Add_reads_resources_principals_hosts_operations_and_pattern_type()
    {
        var parsed = Parse("--add", "--allow-principal", "User:alice", "--allow-principal", "User:bob", "--allow-host", "10.0.0.1",
            "--deny-principal", "User:mallory", "--deny-host", "10.0.0.9", "--operation", "Read", "--operation", "describe_configs",
            "--topic", "orders", "--group", "billing", "--transactional-id", "tx", "--cluster", "--resource-pattern-type", "prefixed",
            "--command-config", "admin.properties");

        Assert.Equal(AclsAction.Add, parsed.Action);
        Assert.Equal(["User:alice", "User:bob"], parsed.AllowPrincipals);
        Assert.Equal(["10.0.0.1"], parsed.AllowHosts);
        Assert.Equal(["User:mallory"], parsed.DenyPrincipals);
        Assert.Equal(["10.0.0.9"], parsed.DenyHosts);
        Assert.Equal([AclOperation.Read, AclOperation.DescribeConfigs], parsed.Operations);
        Assert.Equal(["orders"], parsed.Topics);
        Assert.Equal(["billing"], parsed.Groups);
        Assert.Equal(["tx"], parsed.TransactionalIds);
        Assert.True(parsed.Cluster);
        Assert.Equal(ResourcePatternType.Prefixed, parsed.PatternType);
        Assert.Equal("admin.properties", parsed.CommandConfig);
    }

    [Fact]
    public void Defaults_are_Kafka_s_every_operation_and_literal_names()
    {
        var parsed = Parse("--list");

        Assert.Equal(AclsAction.List, parsed.Action);
        Assert.Equal([AclOperation.All], parsed.Operations);
        Assert.Equal(ResourcePatternType.Literal, parsed.PatternType);
        Assert.False(parsed.Force);
    }

    [Fact]
    public void Roles_force_and_listing_by_principal()
    {
        var producer = Parse("--add", "--allow-principal", "User:alice", "--producer", "--idempotent", "--consumer", "--topic", "orders", "--group", "billing", "--force");
        Assert.True(producer.Producer);
        Assert.True(producer.Consumer);
        Assert.True(producer.Idempotent);
        Assert.True(producer.Force);

        Assert.Equal(["User:alice"], Parse("--list", "--principal", "User:alice").ListPrincipals);
        Assert.Equal(ResourcePatternType.Match, Parse("--list", "--topic", "orders", "--resource-pattern-type", "MATCH").PatternType);
    }

    [Theory]
    [InlineData("Command must include exactly one action: --list, --add, --remove. ", "--topic", "orders")]
    [InlineData("Command must include exactly one action: --list, --add, --remove. ", "--add", "--list")]
    [InlineData("Option \"--list\" can't be used with option \"--allow-principal\"", "--list", "--allow-principal", "User:alice")]
    [InlineData("Option \"--producer\" can't be used with option \"--operation\"", "--add", "--producer", "--topic", "t", "--operation", "Read")]
    [InlineData("Option \"--consumer\" can't be used with option \"--deny-principal\"", "--add", "--consumer", "--topic", "t", "--group", "g", "--deny-principal", "User:x")]
    [InlineData("The --principal option is only available if --list is set", "--add", "--principal", "User:alice", "--topic", "t")]
    [InlineData("With --producer you must specify a --topic", "--add", "--producer", "--allow-principal", "User:alice")]
    [InlineData("The --idempotent option is only available if --producer is set", "--add", "--idempotent", "--topic", "t")]
    [InlineData("With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.",
        "--add", "--consumer", "--topic", "t", "--allow-principal", "User:alice")]
    [InlineData("With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.",
        "--add", "--consumer", "--topic", "t", "--group", "g", "--cluster")]
    [InlineData("A '--resource-pattern-type' value of 'MATCH' is not valid when adding acls.", "--add", "--topic", "t", "--resource-pattern-type", "match")]
    [InlineData("Unknown resource-pattern-type: glob", "--list", "--resource-pattern-type", "glob")]
    [InlineData("expected a string in format principalType:principalName but got alice", "--add", "--allow-principal", "alice")]
    [InlineData("--operation takes one of All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, not 'Fly'.",
        "--add", "--operation", "Fly")]
    [InlineData("Unknown option '--delegation-token' for acls.", "--list", "--delegation-token", "t")]
    public void Refuses_what_Kafka_refuses(string message, params string[] args)
    {
        var refused = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void Bootstrap_server_is_required()
    {
        var refused = Assert.Throws<UsageException>(() => AclsArguments.Parse(["--list"]));
        Assert.Equal("--bootstrap-server must be specified", refused.Message);
    }
}
