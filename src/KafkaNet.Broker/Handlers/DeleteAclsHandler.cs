// DeleteAcls (key 31), versions 0-3 (flexible from v2). Needs an authorizer (SECURITY_DISABLED otherwise) and ALTER
// on the cluster; the controller removes every ACL each filter matches and returns them, and the answer waits, for a
// bounded time, until this broker's image no longer holds them.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteAclsHandler : ApiHandler<DeleteAclsRequest, DeleteAclsResponse>
{
    public override short ApiKey => DeleteAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override async ValueTask<DeleteAclsResponse?> HandleAsync(RequestContext context, DeleteAclsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var refusal = AclApiGate.CheckChange(context);
        if (refusal.IsError)
        {
            return Failed(request, refusal);
        }
        var response = await ControllerForwarding.ForwardAsync<DeleteAclsResponse>(context, request, DeleteAclsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            var removed = response.FilterResults.Where(f => f.ErrorCode == 0).SelectMany(f => f.MatchingAcls).Select(ToAcl).ToList();
            await ControllerForwarding.WaitUntilAsync(() =>
            {
                var present = context.Broker.Image.Acls.Values.ToHashSet();
                return !removed.Exists(present.Contains);
            }, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>The filter a DeleteAcls entry describes.</summary>
    public static AclBindingFilter ToFilter(DeleteAclsRequest.DeleteAclsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new((AclResourceType)filter.ResourceTypeFilter, filter.ResourceNameFilter, (AclPatternType)filter.PatternTypeFilter,
            filter.PrincipalFilter, filter.HostFilter, (AclOperation)filter.Operation, (AclPermissionType)filter.PermissionType);
    }

    /// <summary>How a deleted ACL is reported.</summary>
    public static DeleteAclsResponse.DeleteAclsMatchingAcl ToMatchingAcl(StandardAcl acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        return new()
        {
            ResourceType = (sbyte)acl.ResourceType,
            ResourceName = acl.ResourceName,
            PatternType = (sbyte)acl.PatternType,
            Principal = acl.Principal,
            Host = acl.Host,
            Operation = (sbyte)acl.Operation,
            PermissionType = (sbyte)acl.Permission,
        };
    }

    private static StandardAcl ToAcl(DeleteAclsResponse.DeleteAclsMatchingAcl m) =>
        new((AclResourceType)m.ResourceType, m.ResourceName, (AclPatternType)m.PatternType, m.Principal, m.Host, (AclOperation)m.Operation, (AclPermissionType)m.PermissionType);

    private static DeleteAclsResponse Failed(DeleteAclsRequest request, ApiError error)
    {
        var response = new DeleteAclsResponse();
        response.FilterResults.AddRange(request.Filters.Select(_ => new DeleteAclsResponse.DeleteAclsFilterResult { ErrorCode = (short)error.Code, ErrorMessage = error.Message }));
        return response;
    }
}
