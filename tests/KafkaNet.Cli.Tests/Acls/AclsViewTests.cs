using Confluent.Kafka.Admin;
using KafkaNet.Cli.Acls;

namespace KafkaNet.Cli.Tests.Acls;

/// <summary>What --list prints of the ACLs a cluster describes, laid out as Kafka's kafka-acls.</summary>
public sealed class AclsViewTests
{
    private static readonly AclBinding[] Found =
    [
        Binding(ResourceType.Topic, "orders", "User:alice", AclOperation.Write),
        Binding(ResourceType.Group, "billing", "User:bob", AclOperation.Read),
        Binding(ResourceType.Topic, "orders", "User:bob", AclOperation.Read),
    ];

    [Fact]
    public void One_block_per_resource()
    {
        Assert.Equal(
            "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n"
            + " \t(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)\n"
            + "\t(principal=User:bob, host=*, operation=READ, permissionType=ALLOW) \n"
            + "\n"
            + "Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=billing, patternType=LITERAL)`: \n"
            + " \t(principal=User:bob, host=*, operation=READ, permissionType=ALLOW) \n",
            AclsView.Current(Found, []));
    }

    [Fact]
    public void By_principal_each_heading_then_its_acls()
    {
        Assert.Equal(
            "ACLs for principal `User:alice`\n"
            + "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n"
            + " \t(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW) \n"
            + "\n"
            + "ACLs for principal `User:carol`",
            AclsView.Current(Found, ["User:alice", "User:carol"]));
    }

    [Fact]
    public void Nothing_found_prints_nothing()
    {
        Assert.Empty(AclsView.Current([], []));
    }

    private static AclBinding Binding(ResourceType type, string name, string principal, AclOperation operation) => new()
    {
        Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = ResourcePatternType.Literal },
        Entry = new AccessControlEntry { Principal = principal, Host = "*", Operation = operation, PermissionType = AclPermissionType.Allow },
    };
}
