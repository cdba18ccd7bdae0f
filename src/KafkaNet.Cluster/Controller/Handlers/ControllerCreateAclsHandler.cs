// CreateAcls (key 30), versions 0-3, on the controller listener: brokers forward it here after checking the client's
// ALTER on the cluster (the sender needs ALTER too, as on Kafka's controller), so the active controller validates and writes the ACLs.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class ControllerCreateAclsHandler(QuorumController controller)
    : ControllerApiHandler<CreateAclsRequest, CreateAclsResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).CreateAclsAsync)
{
    public override short ApiKey => CreateAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    private const string Unauthorized = "Cluster authorization failed.";

    protected override AclOperation RequiredOnCluster => AclOperation.Alter;

    protected override CreateAclsResponse Refused(CreateAclsRequest request) => new()
    {
        Results = [.. request.Creations.Select(_ => new CreateAclsResponse.AclCreationResult { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = Unauthorized })],
    };
}
