using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using static KafkaNet.Broker.Security.Authorization.AclOperation;
using static KafkaNet.Broker.Security.Authorization.AclResourceType;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>The decisions of Kafka's StandardAuthorizer, as its documentation gives them, over a hand-made image.</summary>
public class AclAuthorizerTests
{
    private const string Alice = "User:alice";
    private const string Bob = "User:bob";
    private const string Host = "10.0.0.1";

    private ImmutableDictionary<Guid, StandardAcl> _acls = ImmutableDictionary<Guid, StandardAcl>.Empty;

    private static StandardAcl Allow(AclResourceType type, string name, AclOperation operation, string principal = Alice,
        AclPatternType pattern = AclPatternType.Literal, string host = "*") =>
        new(type, name, pattern, principal, host, operation, AclPermissionType.Allow);

    private static StandardAcl Deny(AclResourceType type, string name, AclOperation operation, string principal = Alice,
        AclPatternType pattern = AclPatternType.Literal, string host = "*") =>
        new(type, name, pattern, principal, host, operation, AclPermissionType.Deny);

    private void Add(params StandardAcl[] acls)
    {
        foreach (var acl in acls)
        {
            _acls = _acls.Add(Guid.NewGuid(), acl);
        }
    }

    private AclAuthorizer Authorizer(bool allowIfNoAcl = false, params string[] superUsers)
    {
        var options = new AuthorizerOptions { AllowEveryoneIfNoAclFound = allowIfNoAcl };
        foreach (string user in superUsers)
        {
            options.SuperUsers.Add(user);
        }
        return new AclAuthorizer(() => MetadataImage.Empty with { Acls = _acls }, options);
    }

    [Fact]
    public void A_resource_without_acls_is_closed_unless_allow_everyone_if_no_acl_found()
    {
        Add(Allow(Topic, "other", Read));

        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
        Assert.True(Authorizer(allowIfNoAcl: true).Authorize(Alice, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void Acls_for_someone_else_still_close_the_resource_to_everyone_if_no_acl_found()
    {
        Add(Allow(Topic, "orders", Read, Bob));

        Assert.False(Authorizer(allowIfNoAcl: true).Authorize(Alice, Host, Read, Topic, "orders"));
        Assert.True(Authorizer(allowIfNoAcl: true).Authorize(Bob, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void Deny_beats_allow()
    {
        Add(Allow(Topic, "orders", Read), Deny(Topic, "orders", Read));

        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void A_prefixed_deny_beats_a_literal_allow_and_a_wildcard_allow()
    {
        Add(Allow(Topic, "orders", Write), Allow(Topic, "*", Write), Deny(Topic, "ord", Write, pattern: AclPatternType.Prefixed));

        Assert.False(Authorizer().Authorize(Alice, Host, Write, Topic, "orders"));
        Assert.True(Authorizer().Authorize(Alice, Host, Write, Topic, "payments"));
    }

    [Fact]
    public void All_allows_and_denies_every_operation()
    {
        Add(Allow(Topic, "orders", All), Deny(Group, "g1", All), Allow(Group, "g1", Read));

        Assert.True(Authorizer().Authorize(Alice, Host, Delete, Topic, "orders"));
        Assert.True(Authorizer().Authorize(Alice, Host, AlterConfigs, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Group, "g1"));
    }

    [Theory]
    [InlineData(Read, Describe, true)]
    [InlineData(Write, Describe, true)]
    [InlineData(Delete, Describe, true)]
    [InlineData(Alter, Describe, true)]
    [InlineData(AlterConfigs, DescribeConfigs, true)]
    [InlineData(Create, Describe, false)]
    [InlineData(Describe, Read, false)]
    [InlineData(DescribeConfigs, AlterConfigs, false)]
    [InlineData(AlterConfigs, Describe, false)]
    public void Some_allowed_operations_imply_describe(AclOperation granted, AclOperation asked, bool allowed)
    {
        Add(Allow(Topic, "orders", granted));

        Assert.Equal(allowed, Authorizer().Authorize(Alice, Host, asked, Topic, "orders"));
    }

    [Fact]
    public void A_denied_operation_does_not_deny_what_it_would_imply()
    {
        Add(Allow(Topic, "orders", Describe), Deny(Topic, "orders", Read));

        Assert.True(Authorizer().Authorize(Alice, Host, Describe, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void Principals_match_exactly_or_through_user_wildcard()
    {
        Add(Allow(Topic, "orders", Read, "User:*"), Allow(Topic, "payments", Read, "User:Alice"));

        Assert.True(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
        Assert.True(Authorizer().Authorize(Bob, Host, Read, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "payments"));
    }

    [Fact]
    public void Hosts_match_exactly_or_through_the_wildcard()
    {
        Add(Allow(Topic, "orders", Read, host: Host), Deny(Topic, "orders", Read, Bob, host: "*"), Allow(Topic, "orders", Read, Bob));

        Assert.True(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Alice, "10.0.0.2", Read, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Bob, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void Literal_wildcard_and_prefixed_patterns_cover_the_names_kafka_says()
    {
        Add(Allow(Topic, "*", Describe), Allow(Topic, "logs-", Read, pattern: AclPatternType.Prefixed), Allow(Group, "orders", Read));

        Assert.True(Authorizer().Authorize(Alice, Host, Describe, Topic, "anything"));
        Assert.True(Authorizer().Authorize(Alice, Host, Read, Topic, "logs-app"));
        Assert.True(Authorizer().Authorize(Alice, Host, Read, Topic, "logs-"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "logs"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "app-logs-1"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "orders"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Group, "orders-2"));
    }

    [Fact]
    public void A_literal_acl_named_like_a_prefix_covers_only_that_name()
    {
        Add(Allow(Topic, "logs-", Read));

        Assert.True(Authorizer().Authorize(Alice, Host, Read, Topic, "logs-"));
        Assert.False(Authorizer().Authorize(Alice, Host, Read, Topic, "logs-app"));
    }

    [Fact]
    public void Super_users_pass_even_a_deny()
    {
        Add(Deny(AclResourceType.Cluster, "kafka-cluster", All, "User:admin"));

        var authorizer = Authorizer(false, "User:admin", "User:ops");

        Assert.True(authorizer.Authorize("User:admin", Host, Alter, AclResourceType.Cluster, "kafka-cluster"));
        Assert.True(authorizer.Authorize("User:ops", Host, Write, Topic, "anything"));
        Assert.False(authorizer.Authorize(Alice, Host, Write, Topic, "anything"));
    }

    [Fact]
    public void A_changed_image_is_seen_by_the_next_decision()
    {
        var authorizer = Authorizer();
        Assert.False(authorizer.Authorize(Alice, Host, Read, Topic, "orders"));

        Add(Allow(Topic, "orders", Read));

        Assert.True(authorizer.Authorize(Alice, Host, Read, Topic, "orders"));
    }

    [Fact]
    public void Any_resource_of_a_type_needs_an_allow_that_no_deny_dominates()
    {
        Add(Allow(Topic, "orders", Write), Deny(Topic, "ord", Write, pattern: AclPatternType.Prefixed));
        Assert.False(Authorizer().AuthorizeAny(Alice, Host, Write, Topic));

        Add(Allow(Topic, "payments-", Write, pattern: AclPatternType.Prefixed));
        Assert.True(Authorizer().AuthorizeAny(Alice, Host, Write, Topic));
        Assert.False(Authorizer().AuthorizeAny(Bob, Host, Write, Topic));
        Assert.False(Authorizer().AuthorizeAny(Alice, Host, Read, Topic));
    }

    [Fact]
    public void Any_resource_of_a_type_follows_wildcards_super_users_and_literal_denies()
    {
        Add(Allow(TransactionalId, "tx-1", Write), Deny(TransactionalId, "tx-1", Write));
        Assert.False(Authorizer().AuthorizeAny(Alice, Host, Write, TransactionalId));

        Add(Allow(TransactionalId, "*", All, Bob), Allow(Group, "g", Read, Bob), Deny(Group, "*", Read, Bob));
        Assert.True(Authorizer().AuthorizeAny(Bob, Host, Write, TransactionalId));
        Assert.False(Authorizer().AuthorizeAny(Bob, Host, Read, Group));
        Assert.True(Authorizer(false, Alice).AuthorizeAny(Alice, Host, Write, TransactionalId));
        Assert.True(Authorizer(allowIfNoAcl: true).AuthorizeAny(Alice, Host, Write, Topic));
    }
}
