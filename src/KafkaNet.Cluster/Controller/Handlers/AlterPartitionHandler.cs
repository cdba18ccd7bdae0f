// AlterPartition (key 56), versions 0-3: answered by the active controller.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class AlterPartitionHandler(QuorumController controller)
    : ControllerApiHandler<AlterPartitionRequest, AlterPartitionResponse>((controller ?? throw new ArgumentNullException(nameof(controller))).AlterPartitionAsync)
{
    public override short ApiKey => AlterPartitionRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override AlterPartitionResponse Refused(AlterPartitionRequest request) => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
}
