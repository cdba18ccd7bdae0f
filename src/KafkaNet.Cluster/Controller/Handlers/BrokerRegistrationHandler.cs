// BrokerRegistration (key 62), versions 0-4: answered by the active controller.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class BrokerRegistrationHandler(QuorumController controller)
    : ControllerApiHandler<BrokerRegistrationRequest, BrokerRegistrationResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).BrokerRegistrationAsync)
{
    public override short ApiKey => BrokerRegistrationRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override BrokerRegistrationResponse Refused(BrokerRegistrationRequest request) => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, BrokerEpoch = -1 };
}
