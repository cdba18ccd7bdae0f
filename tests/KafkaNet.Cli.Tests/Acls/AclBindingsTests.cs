using Confluent.Kafka.Admin;
using KafkaNet.Cli.Acls;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Tests.Acls;

/// <summary>The ACLs a command line stands for, each shown as Kafka's tool prints it.</summary>
public sealed class AclBindingsTests
{
    private static List<string> Bindings(params string[] args) =>
    [
        .. AclBindings.ForResources(AclsArguments.Parse(["--bootstrap-server", "127.0.0.1:9092", .. args]))
            .SelectMany(b => b.Entries.Select(e => $"{AclText.Describe(b.Resource)} {AclText.Describe(e)}")),
    ];

    [Fact]
    public void Producer_gets_write_describe_and_create_on_topics_and_write_describe_on_transactional_ids()
    {
        Assert.Equal(
            [
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=CREATE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx, patternType=LITERAL) (principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TRANSACTIONAL_ID, name=tx, patternType=LITERAL) (principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)",
            ],
            Bindings("--add", "--allow-principal", "User:alice", "--producer", "--topic", "orders", "--transactional-id", "tx"));
    }

    [Fact]
    public void Idempotent_producer_also_gets_idempotent_write_on_the_cluster()
    {
        Assert.Equal(
            [
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL) (principal=User:alice, host=*, operation=CREATE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL) (principal=User:alice, host=*, operation=IDEMPOTENT_WRITE, permissionType=ALLOW)",
            ],
            Bindings("--add", "--allow-principal", "User:alice", "--producer", "--idempotent", "--topic", "orders"));
    }

    [Fact]
    public void Consumer_gets_read_and_describe_on_topics_and_read_on_groups()
    {
        Assert.Equal(
            [
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=PREFIXED) (principal=User:bob, host=10.0.0.1, operation=READ, permissionType=ALLOW)",
                "ResourcePattern(resourceType=TOPIC, name=orders, patternType=PREFIXED) (principal=User:bob, host=10.0.0.1, operation=DESCRIBE, permissionType=ALLOW)",
                "ResourcePattern(resourceType=GROUP, name=billing, patternType=PREFIXED) (principal=User:bob, host=10.0.0.1, operation=READ, permissionType=ALLOW)",
            ],
            Bindings("--add", "--allow-principal", "User:bob", "--allow-host", "10.0.0.1", "--consumer", "--topic", "orders", "--group", "billing",
                "--resource-pattern-type", "PREFIXED"));
    }

    [Fact]
    public void Producer_and_consumer_together_give_a_topic_both_roles()
    {
        var bindings = Bindings("--add", "--allow-principal", "User:carol", "--producer", "--consumer", "--topic", "orders", "--group", "billing");

        Assert.Equal(
            ["WRITE", "DESCRIBE", "CREATE", "READ", "READ"],
            bindings.Select(b => b.Split("operation=")[1].Split(',')[0]));
        Assert.Equal(4, bindings.Count(b => b.Contains("resourceType=TOPIC", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explicit_acls_cross_principals_operations_and_hosts_allowed_before_denied()
    {
        Assert.Equal(
            [
                "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL) (principal=User:ops, host=*, operation=ALTER, permissionType=ALLOW)",
                "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL) (principal=User:ops, host=*, operation=DESCRIBE_CONFIGS, permissionType=ALLOW)",
                "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL) (principal=User:guest, host=10.0.0.9, operation=ALTER, permissionType=DENY)",
                "ResourcePattern(resourceType=CLUSTER, name=kafka-cluster, patternType=LITERAL) (principal=User:guest, host=10.0.0.9, operation=DESCRIBE_CONFIGS, permissionType=DENY)",
            ],
            Bindings("--add", "--allow-principal", "User:ops", "--deny-principal", "User:guest", "--deny-host", "10.0.0.9",
                "--operation", "Alter", "--operation", "DescribeConfigs", "--cluster"));
    }

    [Fact]
    public void Removing_without_principals_means_every_acl_of_the_resource()
    {
        var bindings = AclBindings.ForResources(AclsArguments.Parse(["--bootstrap-server", "127.0.0.1:9092", "--remove", "--topic", "orders", "--group", "billing"]));

        Assert.Equal(
            ["ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)", "ResourcePattern(resourceType=GROUP, name=billing, patternType=LITERAL)"],
            bindings.Select(b => AclText.Describe(b.Resource)));
        Assert.All(bindings, b => Assert.Empty(b.Entries));
    }

    [Fact]
    public void The_cluster_is_a_literal_resource_only()
    {
        var arguments = AclsArguments.Parse(["--bootstrap-server", "127.0.0.1:9092", "--list", "--cluster", "--topic", "ord", "--resource-pattern-type", "prefixed"]);

        Assert.Equal(["ResourcePattern(resourceType=TOPIC, name=ord, patternType=PREFIXED)"], AclBindings.Resources(arguments).Select(AclText.Describe));
    }

    [Theory]
    [InlineData("ResourceType GROUP only supports operations Read, Describe, Delete, DescribeConfigs, AlterConfigs, All", "--group", "billing", "--operation", "Write")]
    [InlineData("You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --transactional-id <transactional-id>", "--operation", "Read")]
    public void Refuses_acls_Kafka_refuses(string message, params string[] args)
    {
        var refused = Assert.Throws<UsageException>(() => Bindings(["--add", "--allow-principal", "User:alice", .. args]));
        Assert.Equal(message, refused.Message);
    }
}
