using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// CreateAcls, DescribeAcls and DeleteAcls with the ACL authorizer switched on for the probe (ANONYMOUS a super user,
/// so nothing else the probes send is refused): each version creates, lists or removes an ACL of its own.
/// </summary>
internal static partial class VersionProbes
{
    static partial void AddAclProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[CreateAclsRequest.ApiKey] = (context, version) => WithAuthorizerAsync(context, () => CreateAclsProbe(context, version));
        probes[DescribeAclsRequest.ApiKey] = (context, version) => WithAuthorizerAsync(context, () => DescribeAclsProbe(context, version));
        probes[DeleteAclsRequest.ApiKey] = (context, version) => WithAuthorizerAsync(context, () => DeleteAclsProbe(context, version));
    }

    private static async Task WithAuthorizerAsync(ProbeContext context, Func<Task> probe)
    {
        var broker = context.Kafka.Broker;
        var before = broker.Authorizer;
        var options = new AuthorizerOptions();
        options.SuperUsers.Add("User:ANONYMOUS");
        broker.Authorizer = new AclAuthorizer(() => broker.Image, options);
        try
        {
            await probe();
        }
        finally
        {
            broker.Authorizer = before;
        }
    }

    private static async Task<StandardAcl> CreateAclAsync(ProbeContext context, string prefix, short version)
    {
        // Version 0 knows literal patterns only; later versions get a prefixed ACL to carry the pattern type field.
        var acl = new StandardAcl(AclResourceType.Topic, context.UniqueName(prefix, version), version == 0 ? AclPatternType.Literal : AclPatternType.Prefixed,
            "User:alice", "*", AclOperation.Read, AclPermissionType.Allow);
        var response = await context.SendAsync<CreateAclsResponse>(CreateAclsRequest.ApiKey, version, new CreateAclsRequest
        {
            Creations =
            [
                new()
                {
                    ResourceType = (sbyte)acl.ResourceType, ResourceName = acl.ResourceName, ResourcePatternType = (sbyte)acl.PatternType,
                    Principal = acl.Principal, Host = acl.Host, Operation = (sbyte)acl.Operation, PermissionType = (sbyte)acl.Permission,
                },
            ],
        });
        ProbeContext.AssertNoErrors(response);
        Assert.Single(response.Results);
        Assert.Contains(acl, context.Kafka.Broker.Image.Acls.Values);
        return acl;
    }

    private static Task CreateAclsProbe(ProbeContext context, short version) => CreateAclAsync(context, "acl-create", version);

    private static async Task DescribeAclsProbe(ProbeContext context, short version)
    {
        var acl = await CreateAclAsync(context, "acl-describe", version);

        var response = await context.SendAsync<DescribeAclsResponse>(DescribeAclsRequest.ApiKey, version, new DescribeAclsRequest
        {
            ResourceTypeFilter = (sbyte)AclResourceType.Topic,
            ResourceNameFilter = acl.ResourceName,
            PatternTypeFilter = (sbyte)acl.PatternType,
            PrincipalFilter = null,
            HostFilter = null,
            Operation = (sbyte)AclOperation.Any,
            PermissionType = (sbyte)AclPermissionType.Any,
        });

        ProbeContext.AssertNoErrors(response);
        var resource = Assert.Single(response.Resources);
        Assert.Equal((acl.ResourceName, (sbyte)acl.PatternType), (resource.ResourceName, resource.PatternType));
        var entry = Assert.Single(resource.Acls);
        Assert.Equal(("User:alice", "*", (sbyte)AclOperation.Read, (sbyte)AclPermissionType.Allow), (entry.Principal, entry.Host, entry.Operation, entry.PermissionType));
    }

    private static async Task DeleteAclsProbe(ProbeContext context, short version)
    {
        var acl = await CreateAclAsync(context, "acl-delete", version);

        var response = await context.SendAsync<DeleteAclsResponse>(DeleteAclsRequest.ApiKey, version, new DeleteAclsRequest
        {
            Filters =
            [
                new()
                {
                    ResourceTypeFilter = (sbyte)AclResourceType.Topic, ResourceNameFilter = acl.ResourceName, PatternTypeFilter = (sbyte)acl.PatternType,
                    PrincipalFilter = null, HostFilter = null, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)AclPermissionType.Any,
                },
            ],
        });

        ProbeContext.AssertNoErrors(response);
        var matched = Assert.Single(Assert.Single(response.FilterResults).MatchingAcls);
        Assert.Equal((acl.ResourceName, (short)ErrorCode.None), (matched.ResourceName, matched.ErrorCode));
        Assert.DoesNotContain(acl, context.Kafka.Broker.Image.Acls.Values);
    }
}
