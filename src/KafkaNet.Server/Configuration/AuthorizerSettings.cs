using KafkaNet.Broker;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>Carries authorizer.class.name, super.users and allow.everyone.if.no.acl.found into the broker's options.</summary>
public static class AuthorizerSettings
{
    public static void Apply(BrokerConfig config, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var authorizer = options.Authorizer;
        authorizer.Enabled = ((string)config.GetValue(Defs.AuthorizerClassName.Name)!).Trim().Length > 0;
        authorizer.AllowEveryoneIfNoAclFound = (bool)config.GetValue(Defs.AllowEveryoneIfNoAclFound.Name)!;
        foreach (string principal in SuperUserList.Parse((string)config.GetValue(Defs.SuperUsers.Name)!))
        {
            authorizer.SuperUsers.Add(principal);
        }
    }
}
