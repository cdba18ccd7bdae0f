// BrokerHeartbeat (key 63), versions 0-1: answered by the active controller.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class BrokerHeartbeatHandler(QuorumController controller)
    : ControllerApiHandler<BrokerHeartbeatRequest, BrokerHeartbeatResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).BrokerHeartbeatAsync)
{
    public override short ApiKey => BrokerHeartbeatRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override BrokerHeartbeatResponse Refused(BrokerHeartbeatRequest request) => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
}
