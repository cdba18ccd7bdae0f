namespace KafkaNet.Broker.Security.Authorization;

/// <summary>authorizer.class.name, super.users and allow.everyone.if.no.acl.found, as the broker applies them.</summary>
public sealed class AuthorizerOptions
{
    /// <summary>True when authorizer.class.name names the ACL authorizer; false (the default) allows every request.</summary>
    public bool Enabled { get; set; }

    /// <summary>Principals ("User:admin") allowed every operation whatever the ACLs say.</summary>
    public ISet<string> SuperUsers { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether a resource no ACL names is open to everyone (Kafka's default: false, closed).</summary>
    public bool AllowEveryoneIfNoAclFound { get; set; }
}
