using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Security.Authorization;

/// <summary>
/// One ACL as the metadata log stores it: a resource pattern (type, name, literal or prefixed) and an entry
/// (principal, host, operation, allow or deny). Two ACLs with the same fields are the same ACL.
/// </summary>
public sealed record StandardAcl(
    AclResourceType ResourceType,
    string ResourceName,
    AclPatternType PatternType,
    string Principal,
    string Host,
    AclOperation Operation,
    AclPermissionType Permission)
{
    /// <summary>The resource name that a literal ACL uses to match every resource of its type.</summary>
    public const string WildcardResource = "*";

    /// <summary>The principal that matches every user.</summary>
    public const string WildcardPrincipal = "User:*";

    /// <summary>The host that matches every host.</summary>
    public const string WildcardHost = "*";

    public static StandardAcl FromRecord(AccessControlEntryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new((AclResourceType)record.ResourceType, record.ResourceName, (AclPatternType)record.PatternType,
            record.Principal, record.Host, (AclOperation)record.Operation, (AclPermissionType)record.PermissionType);
    }

    public AccessControlEntryRecord ToRecord(Guid id) => new()
    {
        Id = id,
        ResourceType = (sbyte)ResourceType,
        ResourceName = ResourceName,
        PatternType = (sbyte)PatternType,
        Principal = Principal,
        Host = Host,
        Operation = (sbyte)Operation,
        PermissionType = (sbyte)Permission,
    };

    public override string ToString() =>
        $"(principal={Principal}, host={Host}, operation={AclNames.Of(Operation)}, permissionType={AclNames.Of(Permission)}) " +
        $"on ResourcePattern(resourceType={AclNames.Of(ResourceType)}, name={ResourceName}, patternType={AclNames.Of(PatternType)})";
}
