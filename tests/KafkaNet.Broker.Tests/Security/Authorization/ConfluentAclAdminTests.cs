using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;
using Ours = KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// librdkafka's CreateAcls, DescribeAcls and DeleteAcls against one node with the ACL authorizer on, its PLAINTEXT
/// clients (User:ANONYMOUS) super users so they may manage ACLs. Each test names resources of its own.
/// </summary>
public sealed class ConfluentAclAdminTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;
    private IAdminClient _admin = null!;

    public async Task InitializeAsync()
    {
        var options = new EmbeddedKafkaOptions { AclAuthorizer = true };
        options.SuperUsers.Add("User:ANONYMOUS");
        _kafka = await EmbeddedKafka.StartAsync(options);
        _admin = AdminClients.Create(_kafka);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _kafka.DisposeAsync();
    }

    private static AclBinding Acl(ResourceType type, string name, ResourcePatternType pattern, string principal, AclOperation operation,
        AclPermissionType permission = AclPermissionType.Allow, string host = "*") => new()
        {
            Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = pattern },
            Entry = new AccessControlEntry { Principal = principal, Host = host, Operation = operation, PermissionType = permission },
        };

    private static AclBindingFilter Filter(ResourceType type, string? name, ResourcePatternType pattern, string? principal = null) => new()
    {
        PatternFilter = new ResourcePatternFilter { Type = type, Name = name, ResourcePatternType = pattern },
        EntryFilter = new AccessControlEntryFilter { Principal = principal, Host = null, Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
    };

    private async Task<List<string>> DescribeAsync(AclBindingFilter filter)
    {
        var result = await _admin.DescribeAclsAsync(filter, new DescribeAclsOptions { RequestTimeout = AdminClients.Timeout });
        return [.. result.AclBindings.Select(Text).Order(StringComparer.Ordinal)];
    }

    private static string Text(AclBinding b) =>
        $"{b.Pattern.Type} {b.Pattern.Name} {b.Pattern.ResourcePatternType} {b.Entry.Principal} {b.Entry.Host} {b.Entry.Operation} {b.Entry.PermissionType}";

    private Task CreateAsync(params AclBinding[] acls) => _admin.CreateAclsAsync(acls, new CreateAclsOptions { RequestTimeout = AdminClients.Timeout });

    [Fact]
    public async Task Created_acls_are_listed_by_literal_prefixed_match_and_any_filters()
    {
        await CreateAsync(
            Acl(ResourceType.Topic, "sales-orders", ResourcePatternType.Literal, "User:alice", AclOperation.Read),
            Acl(ResourceType.Topic, "sales-", ResourcePatternType.Prefixed, "User:bob", AclOperation.Write),
            Acl(ResourceType.Topic, "sales-orders", ResourcePatternType.Literal, "User:carol", AclOperation.Describe, AclPermissionType.Deny, "10.0.0.1"),
            Acl(ResourceType.Group, "sales-app", ResourcePatternType.Literal, "User:alice", AclOperation.Read));

        Assert.Equal(
            ["Topic sales-orders Literal User:alice * Read Allow", "Topic sales-orders Literal User:carol 10.0.0.1 Describe Deny"],
            await DescribeAsync(Filter(ResourceType.Topic, "sales-orders", ResourcePatternType.Literal)));
        Assert.Equal(
            ["Topic sales- Prefixed User:bob * Write Allow", "Topic sales-orders Literal User:alice * Read Allow", "Topic sales-orders Literal User:carol 10.0.0.1 Describe Deny"],
            await DescribeAsync(Filter(ResourceType.Topic, "sales-orders", ResourcePatternType.Match)));
        Assert.Equal(
            ["Group sales-app Literal User:alice * Read Allow", "Topic sales-orders Literal User:alice * Read Allow"],
            await DescribeAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any, "User:alice")));
        Assert.Empty(await DescribeAsync(Filter(ResourceType.Topic, "sales-orders", ResourcePatternType.Prefixed)));
    }

    [Fact]
    public async Task Match_includes_the_literal_wildcard_and_creating_the_same_acl_twice_keeps_one()
    {
        var wildcard = Acl(ResourceType.Group, "*", ResourcePatternType.Literal, "User:dave", AclOperation.Read);
        await CreateAsync(wildcard, wildcard);
        await CreateAsync(wildcard);

        Assert.Equal(
            ["Group * Literal User:dave * Read Allow"],
            await DescribeAsync(Filter(ResourceType.Group, "any-group", ResourcePatternType.Match)));
    }

    [Fact]
    public async Task Delete_removes_what_each_filter_matches_and_returns_it()
    {
        await CreateAsync(
            Acl(ResourceType.Topic, "gone-1", ResourcePatternType.Literal, "User:erin", AclOperation.Read),
            Acl(ResourceType.Topic, "gone-", ResourcePatternType.Prefixed, "User:erin", AclOperation.Write),
            Acl(ResourceType.Topic, "kept", ResourcePatternType.Literal, "User:erin", AclOperation.Read));

        var results = await _admin.DeleteAclsAsync(
            [Filter(ResourceType.Topic, "gone-1", ResourcePatternType.Match, "User:erin"), Filter(ResourceType.Topic, "nothing-here", ResourcePatternType.Literal)],
            new DeleteAclsOptions { RequestTimeout = AdminClients.Timeout });

        Assert.Equal(2, results.Count);
        Assert.Equal(
            ["Topic gone- Prefixed User:erin * Write Allow", "Topic gone-1 Literal User:erin * Read Allow"],
            results[0].AclBindings.Select(Text).Order(StringComparer.Ordinal));
        Assert.Empty(results[1].AclBindings);
        Assert.Equal(["Topic kept Literal User:erin * Read Allow"], await DescribeAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any, "User:erin")));
    }

    [Fact]
    public async Task Invalid_acls_are_refused_one_by_one_with_kafkas_messages()
    {
        var ex = await Assert.ThrowsAsync<CreateAclsException>(() => CreateAsync(
            Acl(ResourceType.Broker, "my-cluster", ResourcePatternType.Literal, "User:frank", AclOperation.Alter),
            Acl(ResourceType.Topic, "fine", ResourcePatternType.Literal, "frank", AclOperation.Read),
            Acl(ResourceType.Topic, "fine", ResourcePatternType.Literal, "User:frank", AclOperation.Read)));

        Assert.Equal(
            [
                (ErrorCode.InvalidRequest, "The only valid name for the CLUSTER resource is kafka-cluster"),
                (ErrorCode.InvalidRequest, "expected a string in format principalType:principalName but got frank"),
                (ErrorCode.NoError, "Success"),
            ],
            ex.Results.Select(r => (r.Error.Code, r.Error.Reason)));
        Assert.Equal(["Topic fine Literal User:frank * Read Allow"], await DescribeAsync(Filter(ResourceType.Any, null, ResourcePatternType.Any, "User:frank")));
    }

    [Fact]
    public async Task The_authorizer_decides_from_the_acls_the_admin_client_created()
    {
        var authorizer = _kafka.Broker.Authorizer!;
        Assert.False(authorizer.Authorize("User:grace", "127.0.0.1", Ours.AclOperation.Read, Ours.AclResourceType.Topic, "grace-topic"));

        await CreateAsync(Acl(ResourceType.Topic, "grace-", ResourcePatternType.Prefixed, "User:grace", AclOperation.Read));

        Assert.True(authorizer.Authorize("User:grace", "127.0.0.1", Ours.AclOperation.Read, Ours.AclResourceType.Topic, "grace-topic"));
        Assert.True(authorizer.Authorize("User:grace", "127.0.0.1", Ours.AclOperation.Describe, Ours.AclResourceType.Topic, "grace-topic"));
        Assert.False(authorizer.Authorize("User:grace", "127.0.0.1", Ours.AclOperation.Write, Ours.AclResourceType.Topic, "grace-topic"));
    }
}
