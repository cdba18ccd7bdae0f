using System.Text;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Acls;

/// <summary>Kafka's names for ACL parts, read from the command line and printed as Kafka's tool prints them.</summary>
internal static class AclText
{
    /// <summary>Kafka's TRANSACTIONAL_ID resource type (5), which Confluent.Kafka's enum does not name.</summary>
    public const ResourceType TransactionalId = (ResourceType)5;

    /// <summary>The name of Kafka's one cluster resource.</summary>
    public const string ClusterName = "kafka-cluster";

    private static readonly AclOperation[] Operations =
    [
        AclOperation.All, AclOperation.Read, AclOperation.Write, AclOperation.Create, AclOperation.Delete, AclOperation.Alter,
        AclOperation.Describe, AclOperation.ClusterAction, AclOperation.DescribeConfigs, AclOperation.AlterConfigs, AclOperation.IdempotentWrite,
    ];

    /// <summary>An --operation value: Kafka's name (Write, IdempotentWrite), in any case, with or without underscores.</summary>
    public static AclOperation ParseOperation(string text)
    {
        string wanted = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        return Operations.FirstOrDefault(o => o.ToString().Equals(wanted, StringComparison.OrdinalIgnoreCase), AclOperation.Unknown) is var operation and not AclOperation.Unknown
            ? operation
            : throw new UsageException($"--operation takes one of {string.Join(", ", Operations)}, not '{text}'.");
    }

    public static ResourcePatternType ParsePatternType(string text) => text.ToUpperInvariant() switch
    {
        "LITERAL" => ResourcePatternType.Literal,
        "PREFIXED" => ResourcePatternType.Prefixed,
        "MATCH" => ResourcePatternType.Match,
        "ANY" => ResourcePatternType.Any,
        _ => throw new UsageException($"Unknown resource-pattern-type: {text}"),
    };

    public static string Name(ResourcePatternType type) => UpperSnake(type.ToString());

    public static string Name(ResourceType type) => type switch
    {
        ResourceType.Broker => "CLUSTER",
        TransactionalId => "TRANSACTIONAL_ID",
        _ => UpperSnake(type.ToString()),
    };

    public static string Name(AclOperation operation) => UpperSnake(operation.ToString());

    public static string Name(AclPermissionType permission) => UpperSnake(permission.ToString());

    /// <summary>"ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)".</summary>
    public static string Describe(ResourcePatternFilter pattern) =>
        $"ResourcePattern(resourceType={Name(pattern.Type)}, name={pattern.Name ?? "<any>"}, patternType={Name(pattern.ResourcePatternType)})";

    /// <summary>"(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)".</summary>
    public static string Describe(AccessControlEntry entry) =>
        $"(principal={entry.Principal}, host={entry.Host}, operation={Name(entry.Operation)}, permissionType={Name(entry.PermissionType)})";

    /// <summary>IdempotentWrite to IDEMPOTENT_WRITE.</summary>
    private static string UpperSnake(string pascal)
    {
        var text = new StringBuilder();
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }
}
