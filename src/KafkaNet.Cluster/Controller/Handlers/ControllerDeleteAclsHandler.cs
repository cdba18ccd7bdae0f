// DeleteAcls (key 31), versions 0-3, on the controller listener: brokers forward it here after checking the client's
// ALTER on the cluster (the sender needs ALTER too, as on Kafka's controller), so the active controller removes the ACLs its filters match.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class ControllerDeleteAclsHandler(QuorumController controller)
    : ControllerApiHandler<DeleteAclsRequest, DeleteAclsResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).DeleteAclsAsync)
{
    public override short ApiKey => DeleteAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    private const string Unauthorized = "Cluster authorization failed.";

    protected override AclOperation RequiredOnCluster => AclOperation.Alter;

    protected override DeleteAclsResponse Refused(DeleteAclsRequest request) => new()
    {
        FilterResults = [.. request.Filters.Select(_ => new DeleteAclsResponse.DeleteAclsFilterResult { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = Unauthorized })],
    };
}
