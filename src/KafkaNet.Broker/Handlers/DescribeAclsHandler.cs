// DescribeAcls (key 29), versions 0-3 (flexible from v2; v0 filters literal ACLs only). Needs an authorizer
// (SECURITY_DISABLED otherwise) and DESCRIBE on the cluster; answered from this broker's metadata image, the ACLs
// the filter matches grouped by resource pattern.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeAclsHandler : ApiHandler<DescribeAclsRequest, DescribeAclsResponse>
{
    public override short ApiKey => DescribeAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override ValueTask<DescribeAclsResponse?> HandleAsync(RequestContext context, DescribeAclsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var filter = new AclBindingFilter((AclResourceType)request.ResourceTypeFilter, request.ResourceNameFilter, (AclPatternType)request.PatternTypeFilter,
            request.PrincipalFilter, request.HostFilter, (AclOperation)request.Operation, (AclPermissionType)request.PermissionType);
        var error = AclApiGate.Check(context, AclOperation.Describe, "No Authorizer is configured on the broker");
        if (!error.IsError)
        {
            error = AclValidation.ValidateFilter(filter);
        }
        var response = new DescribeAclsResponse { ErrorCode = (short)error.Code, ErrorMessage = error.Message };
        if (!error.IsError)
        {
            response.Resources.AddRange(Describe(context.Broker.Image.Acls.Values.Where(filter.Matches)));
        }
        return ValueTask.FromResult<DescribeAclsResponse?>(response);
    }

    private static IEnumerable<DescribeAclsResponse.DescribeAclsResource> Describe(IEnumerable<StandardAcl> acls) =>
        acls.GroupBy(a => (a.ResourceType, a.ResourceName, a.PatternType))
            .OrderBy(g => g.Key.ResourceType).ThenBy(g => g.Key.ResourceName, StringComparer.Ordinal).ThenBy(g => g.Key.PatternType)
            .Select(g => new DescribeAclsResponse.DescribeAclsResource
            {
                ResourceType = (sbyte)g.Key.ResourceType,
                ResourceName = g.Key.ResourceName,
                PatternType = (sbyte)g.Key.PatternType,
                Acls =
                [
                    .. g.OrderBy(a => a.Principal, StringComparer.Ordinal).ThenBy(a => a.Host, StringComparer.Ordinal)
                        .ThenBy(a => a.Operation).ThenBy(a => a.Permission)
                        .Select(a => new DescribeAclsResponse.AclDescription
                        {
                            Principal = a.Principal,
                            Host = a.Host,
                            Operation = (sbyte)a.Operation,
                            PermissionType = (sbyte)a.Permission,
                        }),
                ],
            });
}
