using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Acls;

/// <summary>
/// DescribeAcls sent with our own protocol types: librdkafka drops the answer's top-level error code, so a cluster
/// without an authorizer would list as an empty success where Kafka's tool reports SECURITY_DISABLED.
/// </summary>
internal static class AclsListing
{
    /// <summary>Every ACL matching one of the filters (every ACL with none), by resource, in the order the broker answered.</summary>
    /// <exception cref="CommandFailedException">An error answer (SECURITY_DISABLED without an authorizer), or no answer.</exception>
    public static async Task<IReadOnlyList<AclBinding>> DescribeAsync(BrokerClients cluster, IReadOnlyList<ResourcePatternFilter> resources,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(resources);
        var filters = resources.Count == 0
            ? [new ResourcePatternFilter { Type = ResourceType.Any, Name = null, ResourcePatternType = ResourcePatternType.Any }]
            : resources;
        int broker = cluster.BrokerIds[0];

        // Version 0 has no pattern types; every Kafka broker since 2.0 speaks version 1.
        short version = await cluster.VersionAsync(broker, DescribeAclsRequest.ApiKey, 1, 3, "DescribeAcls", cancellationToken).ConfigureAwait(false);
        var bindings = new List<AclBinding>();
        foreach (var filter in filters)
        {
            var request = new DescribeAclsRequest
            {
                ResourceTypeFilter = (sbyte)filter.Type,
                ResourceNameFilter = filter.Name,
                PatternTypeFilter = (sbyte)filter.ResourcePatternType,
                PrincipalFilter = null,
                HostFilter = null,
                Operation = (sbyte)AclOperation.Any,
                PermissionType = (sbyte)AclPermissionType.Any,
            };
            var response = await cluster.SendAsync<DescribeAclsResponse>(broker, request, DescribeAclsRequest.ApiKey, version, cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode == (short)ErrorCode.SecurityDisabled)
            {
                throw new CommandFailedException(AclsAdmin.NoAuthorizer);
            }

            ProtocolRequests.ThrowOnError(response.ErrorCode, response.ErrorMessage);
            bindings.AddRange(Bindings(response));
        }

        return bindings;
    }

    /// <summary>Confluent.Kafka's enums carry Kafka's codes for resource, pattern, operation and permission types.</summary>
    private static IEnumerable<AclBinding> Bindings(DescribeAclsResponse response) =>
        from resource in response.Resources
        from acl in resource.Acls
        select new AclBinding
        {
            Pattern = new ResourcePattern
            {
                Type = (ResourceType)resource.ResourceType,
                Name = resource.ResourceName,
                ResourcePatternType = (ResourcePatternType)resource.PatternType,
            },
            Entry = new AccessControlEntry
            {
                Principal = acl.Principal,
                Host = acl.Host,
                Operation = (AclOperation)acl.Operation,
                PermissionType = (AclPermissionType)acl.PermissionType,
            },
        };
}
