namespace KafkaNet.Broker.Security.Authorization;

/// <summary>Kafka's rules for whether an ACL entry applies to a request and what its operation covers.</summary>
public static class AclRules
{
    /// <summary>The ACL names the principal (or every user) and the host (or every host).</summary>
    public static bool AppliesTo(StandardAcl acl, string principal, string host)
    {
        ArgumentNullException.ThrowIfNull(acl);
        return (acl.Principal == principal || acl.Principal == StandardAcl.WildcardPrincipal)
            && (acl.Host == host || acl.Host == StandardAcl.WildcardHost);
    }

    /// <summary>
    /// The ACL's operation is <paramref name="requested"/> or ALL: what a DENY needs to refuse it (a DENY of READ leaves
    /// DESCRIBE alone).
    /// </summary>
    public static bool NamesOperation(AclOperation aclOperation, AclOperation requested) =>
        aclOperation == AclOperation.All || aclOperation == requested;

    /// <summary>
    /// An ALLOW with <paramref name="aclOperation"/> grants <paramref name="requested"/>: the same operation, ALL, or an
    /// operation that implies it (READ, WRITE, DELETE and ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS).
    /// </summary>
    public static bool Grants(AclOperation aclOperation, AclOperation requested) =>
        NamesOperation(aclOperation, requested)
        || (requested == AclOperation.Describe && aclOperation is AclOperation.Read or AclOperation.Write or AclOperation.Delete or AclOperation.Alter)
        || (requested == AclOperation.DescribeConfigs && aclOperation == AclOperation.AlterConfigs);
}
