// AllocateProducerIds (key 67), versions 0-0: answered by the active controller.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class AllocateProducerIdsHandler(QuorumController controller)
    : ControllerApiHandler<AllocateProducerIdsRequest, AllocateProducerIdsResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).AllocateProducerIdsAsync)
{
    public override short ApiKey => AllocateProducerIdsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override AllocateProducerIdsResponse Refused(AllocateProducerIdsRequest request) => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
}
