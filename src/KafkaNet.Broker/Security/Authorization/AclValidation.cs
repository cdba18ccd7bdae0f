using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Security.Authorization;

/// <summary>What the controller refuses in a CreateAcls or DeleteAcls request, with Kafka's messages.</summary>
public static class AclValidation
{
    /// <summary>The only name an ACL on the CLUSTER resource may have.</summary>
    public const string ClusterResourceName = "kafka-cluster";

    /// <summary>INVALID_REQUEST naming what is wrong with a new ACL, or none.</summary>
    public static ApiError ValidateNew(StandardAcl acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        if (!Enum.IsDefined(acl.ResourceType) || acl.ResourceType is AclResourceType.Unknown or AclResourceType.Any)
        {
            return Invalid($"Invalid resourceType {AclNames.Of(acl.ResourceType)}");
        }
        if (acl.PatternType is not (AclPatternType.Literal or AclPatternType.Prefixed))
        {
            return Invalid($"Invalid patternType {AclNames.Of(acl.PatternType)}");
        }
        if (!Enum.IsDefined(acl.Operation) || acl.Operation is AclOperation.Unknown or AclOperation.Any)
        {
            return Invalid($"Invalid operation {AclNames.Of(acl.Operation)}");
        }
        if (acl.Permission is not (AclPermissionType.Allow or AclPermissionType.Deny))
        {
            return Invalid($"Invalid permissionType {AclNames.Of(acl.Permission)}");
        }
        if (acl.ResourceType == AclResourceType.Cluster && acl.ResourceName != ClusterResourceName)
        {
            return Invalid($"The only valid name for the CLUSTER resource is {ClusterResourceName}");
        }
        if (string.IsNullOrEmpty(acl.ResourceName))
        {
            return Invalid("Resource name should not be empty");
        }
        if (!IsPrincipal(acl.Principal))
        {
            return Invalid($"expected a string in format principalType:principalName but got {acl.Principal}");
        }
        return ApiError.None;
    }

    /// <summary>INVALID_REQUEST when a DescribeAcls or DeleteAcls filter has an UNKNOWN element, or none.</summary>
    public static ApiError ValidateFilter(AclBindingFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (AclNames.IsUnknown(filter.ResourceType) || AclNames.IsUnknown(filter.PatternType))
        {
            return Invalid("Unknown patternFilter.");
        }
        return AclNames.IsUnknown(filter.Operation) || AclNames.IsUnknown(filter.Permission) ? Invalid("Unknown entryFilter.") : ApiError.None;
    }

    /// <summary>True for "Type:name", as Kafka parses principals (either part may be empty).</summary>
    public static bool IsPrincipal(string? principal) => principal is not null && principal.Contains(':', StringComparison.Ordinal);

    private static ApiError Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
