using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// The exact authorized-operations bit sets DescribeGroups (include_authorized_operations) and DescribeTopicPartitions
/// send for alice under given ACLs, as Kafka computes them: the resource type's operations (group: READ, DELETE, DESCRIBE,
/// DESCRIBE_CONFIGS, ALTER_CONFIGS; topic: READ..ALTER_CONFIGS but CLUSTER_ACTION) the authorizer allows, with READ,
/// WRITE, DELETE and ALTER implying DESCRIBE, ALTER_CONFIGS implying DESCRIBE_CONFIGS, ALL allowing all, and DENY winning.
/// </summary>
public sealed class AuthorizedOperationsBitsTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    // Kafka's AclOperation codes, written out rather than read from the broker's enum: bit n is operation code n.
    private const int Read = 1 << 3;
    private const int Write = 1 << 4;
    private const int Create = 1 << 5;
    private const int Delete = 1 << 6;
    private const int Alter = 1 << 7;
    private const int Describe = 1 << 8;
    private const int DescribeConfigs = 1 << 10;
    private const int AlterConfigs = 1 << 11;

    [Theory]
    [InlineData(new[] { AclOperation.Read }, new AclOperation[0], Read | Describe)]
    [InlineData(new[] { AclOperation.Describe }, new AclOperation[0], Describe)]
    [InlineData(new[] { AclOperation.Delete }, new AclOperation[0], Delete | Describe)]
    [InlineData(new[] { AclOperation.Describe, AclOperation.AlterConfigs }, new AclOperation[0], Describe | DescribeConfigs | AlterConfigs)]
    [InlineData(new[] { AclOperation.All }, new AclOperation[0], Read | Delete | Describe | DescribeConfigs | AlterConfigs)]
    [InlineData(new[] { AclOperation.All }, new[] { AclOperation.Read, AclOperation.AlterConfigs }, Delete | Describe | DescribeConfigs)]
    public async Task DescribeGroupsSendsTheGroupOperationsTheAclsAllow(AclOperation[] allowed, AclOperation[] denied, int expected)
    {
        var response = await WithAclsAsync(Acls(AclResourceType.Group, MatrixCases.Group, allowed, denied), () => DescribeGroupAsync(include: true));

        var group = Assert.Single(response.Groups);
        Assert.Equal((0, MatrixCases.Group), (group.ErrorCode, group.GroupId));
        Assert.Equal(Bits(expected), Bits(group.AuthorizedOperations));
    }

    [Fact]
    public async Task DescribeGroupsSendsNoOperationsWhenNotAskedOrWhenTheGroupMayNotBeDescribed()
    {
        try
        {
            // ALTER_CONFIGS implies DESCRIBE_CONFIGS but not DESCRIBE, which DescribeGroups needs.
            await node.CreateAclsAsync(MatrixCases.Allow(AclOperation.AlterConfigs, AclResourceType.Group, MatrixCases.Group));
            var refused = Assert.Single((await DescribeGroupAsync(include: true)).Groups);
            await node.CreateAclsAsync(MatrixCases.Allow(AclOperation.All, AclResourceType.Group, MatrixCases.Group));
            var unasked = Assert.Single((await DescribeGroupAsync(include: false)).Groups);

            Assert.Equal(((short)ErrorCode.GroupAuthorizationFailed, int.MinValue), (refused.ErrorCode, refused.AuthorizedOperations));
            Assert.Equal((0, int.MinValue), (unasked.ErrorCode, unasked.AuthorizedOperations));
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Theory]
    [InlineData(new[] { AclOperation.Read }, new AclOperation[0], Read | Describe)]
    [InlineData(new[] { AclOperation.Write }, new AclOperation[0], Write | Describe)]
    [InlineData(new[] { AclOperation.Alter }, new AclOperation[0], Alter | Describe)]
    [InlineData(new[] { AclOperation.Describe }, new AclOperation[0], Describe)]
    [InlineData(new[] { AclOperation.Describe, AclOperation.Create, AclOperation.AlterConfigs }, new AclOperation[0], Describe | Create | DescribeConfigs | AlterConfigs)]
    [InlineData(new[] { AclOperation.All }, new AclOperation[0], Read | Write | Create | Delete | Alter | Describe | DescribeConfigs | AlterConfigs)]
    [InlineData(new[] { AclOperation.All }, new[] { AclOperation.Write, AclOperation.Delete }, Read | Create | Alter | Describe | DescribeConfigs | AlterConfigs)]
    [InlineData(new[] { AclOperation.Read, AclOperation.AlterConfigs }, new[] { AclOperation.DescribeConfigs }, Read | Describe | AlterConfigs)]
    public async Task DescribeTopicPartitionsSendsTheTopicOperationsTheAclsAllow(AclOperation[] allowed, AclOperation[] denied, int expected)
    {
        var response = await WithAclsAsync(Acls(AclResourceType.Topic, MatrixCases.Topic, allowed, denied), () => DescribeTopicPartitionsAsync(MatrixCases.Topic));

        var topic = Assert.Single(response.Topics);
        Assert.Equal((0, MatrixCases.Topic), (topic.ErrorCode, topic.Name));
        Assert.Equal(Bits(expected), Bits(topic.TopicAuthorizedOperations));
    }

    [Fact]
    public async Task ListingAllTopicsSendsEachTopicsOwnOperationsFromLiteralPrefixedAndWildcardAcls()
    {
        StandardAcl[] acls =
        [
            MatrixCases.Allow(AclOperation.Write, AclResourceType.Topic, MatrixCases.Topic),
            new StandardAcl(AclResourceType.Topic, "matrix-", AclPatternType.Prefixed, SecuredNode.Alice, "*", AclOperation.Read, AclPermissionType.Allow),
            MatrixCases.Allow(AclOperation.DescribeConfigs, AclResourceType.Topic, "*"),
        ];

        var response = await WithAclsAsync(acls, () => DescribeTopicPartitionsAsync());

        // DESCRIBE_CONFIGS alone does not let a topic be listed; with the others every topic carries it.
        Assert.Equal(
        [
            (MatrixCases.Topic, Bits(Write | Describe | DescribeConfigs)),
            (MatrixCases.DeletedTopic, Bits(Read | Describe | DescribeConfigs)),
            (MatrixCases.GrownTopic, Bits(Read | Describe | DescribeConfigs)),
        ], response.Topics.Select(t => (t.Name, Bits(t.TopicAuthorizedOperations))));
    }

    /// <summary>Asks with the ACLs in place, then deletes every ACL, so each case starts from none.</summary>
    private async Task<T> WithAclsAsync<T>(StandardAcl[] acls, Func<Task<T>> ask)
    {
        try
        {
            await node.CreateAclsAsync(acls);
            return await ask();
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    private static StandardAcl[] Acls(AclResourceType type, string name, AclOperation[] allowed, AclOperation[] denied) =>
    [
        .. allowed.Select(operation => MatrixCases.Allow(operation, type, name)),
        .. denied.Select(operation => new StandardAcl(type, name, AclPatternType.Literal, SecuredNode.Alice, "*", operation, AclPermissionType.Deny)),
    ];

    /// <summary>The operation codes set in a bit set, so a failure names them.</summary>
    private static string Bits(int operations) =>
        operations == int.MinValue ? "omitted" : string.Join(",", Enumerable.Range(0, 32).Where(code => (operations & (1 << code)) != 0));

    private Task<DescribeGroupsResponse> DescribeGroupAsync(bool include) =>
        node.SendAsync<DescribeGroupsResponse>(node.AliceConnection, DescribeGroupsRequest.ApiKey, 5,
            new DescribeGroupsRequest { Groups = [MatrixCases.Group], IncludeAuthorizedOperations = include });

    private Task<DescribeTopicPartitionsResponse> DescribeTopicPartitionsAsync(params string[] topics) =>
        node.SendAsync<DescribeTopicPartitionsResponse>(node.AliceConnection, DescribeTopicPartitionsRequest.ApiKey, 0,
            new DescribeTopicPartitionsRequest { Topics = [.. topics.Select(name => new DescribeTopicPartitionsRequest.TopicRequest { Name = name })], ResponsePartitionLimit = 100 });
}
