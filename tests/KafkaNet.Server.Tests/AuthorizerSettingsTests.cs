using KafkaNet.Broker;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>authorizer.class.name, super.users and allow.everyone.if.no.acl.found as Kafka spells them.</summary>
public class AuthorizerSettingsTests
{
    private static BrokerOptions Apply(params string[] properties)
    {
        var options = new BrokerOptions();
        AuthorizerSettings.Apply(Props.Load(properties), options);
        return options;
    }

    [Fact]
    public void By_default_there_is_no_authorizer()
    {
        var options = Apply();

        Assert.Equal((false, false), (options.Authorizer.Enabled, options.Authorizer.AllowEveryoneIfNoAclFound));
        Assert.Empty(options.Authorizer.SuperUsers);
    }

    [Theory]
    [InlineData("org.apache.kafka.metadata.authorizer.StandardAuthorizer")]
    [InlineData("kafka.security.authorizer.AclAuthorizer")]
    [InlineData("KafkaNet.Broker.Security.Authorization.AclAuthorizer")]
    public void Kafkas_class_names_and_ours_turn_on_the_acl_authorizer(string className)
    {
        var options = Apply($"authorizer.class.name={className}", "super.users=User:admin; User:ops ;;", "allow.everyone.if.no.acl.found=true");

        Assert.True(options.Authorizer.Enabled);
        Assert.True(options.Authorizer.AllowEveryoneIfNoAclFound);
        Assert.Equal(["User:admin", "User:ops"], options.Authorizer.SuperUsers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Another_authorizer_class_is_refused_naming_the_ones_served()
    {
        var e = Props.Rejects("authorizer.class.name", "com.example.OpaAuthorizer");

        Assert.Contains("org.apache.kafka.metadata.authorizer.StandardAuthorizer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_super_user_that_is_not_a_principal_is_refused()
    {
        var e = Props.Rejects("super.users", "User:admin;admin");

        Assert.Contains("'admin' is not a principal of the form Type:name", e.Message, StringComparison.Ordinal);
    }
}
