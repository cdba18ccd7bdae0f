using KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Server.Configuration;

/// <summary>The ACL authorizer's rows of the configuration table.</summary>
public static partial class BrokerConfigDefinitions
{
    // ---- Authorization ----
    public static readonly ConfigDefinition AuthorizerClassName = Define(
        "authorizer.class.name", ConfigType.String, "",
        $"The authorizer: empty for none (every request allowed), or the ACL authorizer under Kafka's names {AuthorizerClassNames.Standard} or {AuthorizerClassNames.Legacy}.",
        value => value is string name && name.Trim().Length > 0 && !AuthorizerClassNames.IsAclAuthorizer(name.Trim())
            ? $"KafkaNet's authorizer is {AuthorizerClassNames.Standard} (or {AuthorizerClassNames.Legacy}); leave it empty for none"
            : null);

    public static readonly ConfigDefinition SuperUsers = Define(
        "super.users", ConfigType.String, "",
        "Principals the authorizer allows everything, separated by semicolons (User:admin;User:ops).",
        value => value is string text && SuperUserList.Parse(text).FirstOrDefault(p => !AclValidation.IsPrincipal(p)) is { } bad
            ? $"'{bad}' is not a principal of the form Type:name"
            : null);

    public static readonly ConfigDefinition AllowEveryoneIfNoAclFound = Define(
        "allow.everyone.if.no.acl.found", ConfigType.Boolean, "false",
        "Whether the authorizer allows everyone a resource that no ACL names (true) or nobody but super users (false).");
}
