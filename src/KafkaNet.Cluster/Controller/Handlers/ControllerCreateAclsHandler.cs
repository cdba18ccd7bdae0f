// CreateAcls (key 30), versions 0-3, on the controller listener: brokers forward it here after checking the client's
// ALTER on the cluster, so the active controller validates and writes the ACLs.
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class ControllerCreateAclsHandler(QuorumController controller)
    : ControllerApiHandler<CreateAclsRequest, CreateAclsResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).CreateAclsAsync)
{
    public override short ApiKey => CreateAclsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;
}
