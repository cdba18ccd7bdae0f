using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.EveryVersion;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// The ACL APIs' refusals in raw frames, where librdkafka would hide them: SECURITY_DISABLED on a broker without an
/// authorizer, and filters with UNKNOWN elements once the authorizer is switched on.
/// </summary>
public sealed class AclWireTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;
    private ProbeContext _wire = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _wire = new ProbeContext(_kafka);
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private static DescribeAclsRequest Describe(AclPatternType pattern) => new()
    {
        ResourceTypeFilter = (sbyte)AclResourceType.Any, ResourceNameFilter = null, PatternTypeFilter = (sbyte)pattern,
        PrincipalFilter = null, HostFilter = null, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)AclPermissionType.Any,
    };

    private static DeleteAclsRequest Delete(AclPermissionType permission) => new()
    {
        Filters =
        [
            new()
            {
                ResourceTypeFilter = (sbyte)AclResourceType.Any, ResourceNameFilter = null, PatternTypeFilter = (sbyte)AclPatternType.Any,
                PrincipalFilter = null, HostFilter = null, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)permission,
            },
        ],
    };

    [Fact]
    public async Task Without_an_authorizer_the_acl_apis_answer_security_disabled_as_kafka_does()
    {
        var described = await _wire.SendAsync<DescribeAclsResponse>(DescribeAclsRequest.ApiKey, 3, Describe(AclPatternType.Any));
        var created = await _wire.SendAsync<CreateAclsResponse>(CreateAclsRequest.ApiKey, 3, new CreateAclsRequest
        {
            Creations = [new() { ResourceType = 2, ResourceName = "orders", ResourcePatternType = 3, Principal = "User:alice", Host = "*", Operation = 3, PermissionType = 3 }],
        });
        var deleted = await _wire.SendAsync<DeleteAclsResponse>(DeleteAclsRequest.ApiKey, 3, Delete(AclPermissionType.Any));

        Assert.Equal(((short)ErrorCode.SecurityDisabled, "No Authorizer is configured on the broker"), (described.ErrorCode, described.ErrorMessage));
        var creation = Assert.Single(created.Results);
        Assert.Equal(((short)ErrorCode.SecurityDisabled, "No Authorizer is configured."), (creation.ErrorCode, creation.ErrorMessage));
        var deletion = Assert.Single(deleted.FilterResults);
        Assert.Equal(((short)ErrorCode.SecurityDisabled, "No Authorizer is configured."), (deletion.ErrorCode, deletion.ErrorMessage));
        Assert.Empty(_kafka.Broker.Image.Acls);
    }

    [Fact]
    public async Task Filters_with_unknown_elements_are_refused_and_other_filters_still_served()
    {
        var options = new AuthorizerOptions();
        options.SuperUsers.Add("User:ANONYMOUS");
        var request = Delete(AclPermissionType.Unknown);
        request.Filters.Add(Delete(AclPermissionType.Allow).Filters[0]);
        DescribeAclsResponse described;
        DeleteAclsResponse deleted;
        // The other test of this class needs the broker without an authorizer again.
        _kafka.Broker.Authorizer = new AclAuthorizer(() => _kafka.Broker.Image, options);
        try
        {
            described = await _wire.SendAsync<DescribeAclsResponse>(DescribeAclsRequest.ApiKey, 2, Describe(AclPatternType.Unknown));
            deleted = await _wire.SendAsync<DeleteAclsResponse>(DeleteAclsRequest.ApiKey, 2, request);
        }
        finally
        {
            _kafka.Broker.Authorizer = null;
        }

        Assert.Equal(((short)ErrorCode.InvalidRequest, "Unknown patternFilter."), (described.ErrorCode, described.ErrorMessage));
        Assert.Empty(described.Resources);
        Assert.Equal(
            [((short)ErrorCode.InvalidRequest, "Unknown entryFilter."), ((short)ErrorCode.None, null)],
            deleted.FilterResults.Select(r => (r.ErrorCode, r.ErrorMessage)));
    }
}
