using KafkaNet.Broker.Metadata;

namespace KafkaNet.Broker.Security.Authorization;

/// <summary>
/// Kafka's standard authorizer over the ACLs of the broker's metadata image. Super users may do everything. Otherwise
/// the ACLs whose pattern covers the resource decide: one that denies the operation (or ALL) to the principal (or
/// User:*) from the host (or *) wins; else one that allows it, or an operation implying it, grants it; when no ACL
/// covers the resource at all, allow.everyone.if.no.acl.found decides.
/// </summary>
public sealed class AclAuthorizer : IAuthorizer
{
    // The name Kafka's authorizeByResourceType first asks about, so super users and an open no-ACL rule pass at once.
    private const string AnyResourceProbe = "hardcode";

    private readonly Func<MetadataImage> _image;
    private readonly HashSet<string> _superUsers;
    private readonly bool _allowIfNoAcl;
    private AclIndex? _index;

    /// <param name="image">The image whose ACLs apply now; read on every decision, indexed once per ACL set.</param>
    public AclAuthorizer(Func<MetadataImage> image, AuthorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _image = image ?? throw new ArgumentNullException(nameof(image));
        _superUsers = new HashSet<string>(options.SuperUsers, StringComparer.Ordinal);
        _allowIfNoAcl = options.AllowEveryoneIfNoAclFound;
    }

    public bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName)
    {
        if (_superUsers.Contains(principal))
        {
            return true;
        }
        bool covered = false;
        bool allowed = false;
        foreach (var acl in CurrentIndex().Covering(resourceType, resourceName))
        {
            covered = true;
            if (!AclRules.AppliesTo(acl, principal, host))
            {
                continue;
            }
            if (acl.Permission == AclPermissionType.Deny && AclRules.NamesOperation(acl.Operation, operation))
            {
                return false;
            }
            allowed |= acl.Permission == AclPermissionType.Allow && AclRules.Grants(acl.Operation, operation);
        }
        return covered ? allowed : _allowIfNoAcl;
    }

    public bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType)
    {
        if (Authorize(principal, host, operation, resourceType, AnyResourceProbe))
        {
            return true;
        }
        var deniedNames = new HashSet<string>(StringComparer.Ordinal);
        var deniedPrefixes = new HashSet<string>(StringComparer.Ordinal);
        var allowed = new List<StandardAcl>();
        foreach (var acl in CurrentIndex().OfType(resourceType))
        {
            // Only the operation itself or ALL counts here, as in Kafka: implied operations do not.
            if (!AclRules.AppliesTo(acl, principal, host) || !AclRules.NamesOperation(acl.Operation, operation))
            {
                continue;
            }
            bool wildcard = acl.PatternType == AclPatternType.Literal && acl.ResourceName == StandardAcl.WildcardResource;
            if (acl.Permission == AclPermissionType.Deny)
            {
                if (wildcard)
                {
                    return false;
                }
                (acl.PatternType == AclPatternType.Literal ? deniedNames : deniedPrefixes).Add(acl.ResourceName);
            }
            else if (acl.Permission == AclPermissionType.Allow)
            {
                allowed.Add(acl);
            }
        }
        if (allowed.Exists(a => a.PatternType == AclPatternType.Literal && a.ResourceName == StandardAcl.WildcardResource))
        {
            return true;
        }
        // Some allowed name must escape every deny: a literal deny of that very name, or a deny of one of its prefixes.
        return allowed.Exists(a =>
            !(a.PatternType == AclPatternType.Literal && deniedNames.Contains(a.ResourceName))
            && !Enumerable.Range(1, a.ResourceName.Length).Any(length => deniedPrefixes.Contains(a.ResourceName[..length])));
    }

    private AclIndex CurrentIndex()
    {
        var acls = _image().Acls;
        var index = Volatile.Read(ref _index);
        if (index is null || !ReferenceEquals(index.Source, acls))
        {
            index = new AclIndex(acls);
            Volatile.Write(ref _index, index);
        }
        return index;
    }
}
