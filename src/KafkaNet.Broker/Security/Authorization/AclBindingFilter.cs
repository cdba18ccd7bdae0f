namespace KafkaNet.Broker.Security.Authorization;

/// <summary>
/// Which ACLs a DescribeAcls or DeleteAcls filter selects, as Kafka's AclBindingFilter does: Any matches every
/// resource type, operation and permission, a null name, principal or host matches every one. The pattern type
/// Any matches both literal and prefixed ACLs with exactly the name given; Match also selects the ACLs that would
/// apply to that resource: the literal wildcard "*" and every prefix of the name.
/// </summary>
public sealed record AclBindingFilter(
    AclResourceType ResourceType,
    string? ResourceName,
    AclPatternType PatternType,
    string? Principal,
    string? Host,
    AclOperation Operation,
    AclPermissionType Permission)
{
    /// <summary>A filter that selects every ACL.</summary>
    public static AclBindingFilter Any { get; } = new(AclResourceType.Any, null, AclPatternType.Any, null, null, AclOperation.Any, AclPermissionType.Any);

    public bool Matches(StandardAcl acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        return MatchesPattern(acl) && MatchesEntry(acl);
    }

    private bool MatchesPattern(StandardAcl acl)
    {
        if (ResourceType != AclResourceType.Any && ResourceType != acl.ResourceType)
        {
            return false;
        }
        if (PatternType is not (AclPatternType.Any or AclPatternType.Match) && PatternType != acl.PatternType)
        {
            return false;
        }
        if (ResourceName is null)
        {
            return true;
        }
        if (PatternType == AclPatternType.Any || PatternType == acl.PatternType)
        {
            return ResourceName == acl.ResourceName;
        }
        return acl.PatternType switch
        {
            AclPatternType.Literal => ResourceName == acl.ResourceName || acl.ResourceName == StandardAcl.WildcardResource,
            AclPatternType.Prefixed => ResourceName.StartsWith(acl.ResourceName, StringComparison.Ordinal),
            _ => false,
        };
    }

    private bool MatchesEntry(StandardAcl acl) =>
        (Principal is null || Principal == acl.Principal)
        && (Host is null || Host == acl.Host)
        && (Operation == AclOperation.Any || Operation == acl.Operation)
        && (Permission == AclPermissionType.Any || Permission == acl.Permission);
}
