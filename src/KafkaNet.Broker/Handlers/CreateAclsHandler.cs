// CreateAcls (key 30), versions 0-3 (flexible from v2; v0 creates literal ACLs only). Needs an authorizer
// (SECURITY_DISABLED otherwise) and ALTER on the cluster; the controller validates each ACL and writes it to the
// metadata log, and the answer waits, for a bounded time, until this broker's image holds the new ACLs.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class CreateAclsHandler : ApiHandler<CreateAclsRequest, CreateAclsResponse>
{
    public override short ApiKey => CreateAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override async ValueTask<CreateAclsResponse?> HandleAsync(RequestContext context, CreateAclsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var refusal = AclApiGate.CheckChange(context);
        if (refusal.IsError)
        {
            return Failed(request, refusal);
        }
        var response = await ControllerForwarding.ForwardAsync<CreateAclsResponse>(context, request, CreateAclsRequest.ApiKey, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            var created = request.Creations.Zip(response.Results).Where(p => p.Second.ErrorCode == 0).Select(p => ToAcl(p.First)).ToList();
            await ControllerForwarding.WaitUntilAsync(() =>
            {
                var present = context.Broker.Image.Acls.Values.ToHashSet();
                return created.TrueForAll(present.Contains);
            }, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    /// <summary>The ACL a creation asks for.</summary>
    public static StandardAcl ToAcl(CreateAclsRequest.AclCreation creation)
    {
        ArgumentNullException.ThrowIfNull(creation);
        return new((AclResourceType)creation.ResourceType, creation.ResourceName, (AclPatternType)creation.ResourcePatternType,
            creation.Principal, creation.Host, (AclOperation)creation.Operation, (AclPermissionType)creation.PermissionType);
    }

    private static CreateAclsResponse Failed(CreateAclsRequest request, ApiError error)
    {
        var response = new CreateAclsResponse();
        response.Results.AddRange(request.Creations.Select(_ => new CreateAclsResponse.AclCreationResult { ErrorCode = (short)error.Code, ErrorMessage = error.Message }));
        return response;
    }
}
