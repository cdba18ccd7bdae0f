// RemoveRaftVoter (key 81), version 0: removes a voter from a dynamic metadata quorum (KIP-853).
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class RemoveRaftVoterHandler(QuorumController? controller)
    : QuorumChangeHandler<RemoveRaftVoterRequest, RemoveRaftVoterResponse>(controller, (c, r, v, t) => c.RemoveRaftVoterAsync(r, v, t),
        () => new RemoveRaftVoterResponse { ErrorCode = (short)ErrorCode.NotController, ErrorMessage = "No controller is known yet." })
{
    public override short ApiKey => RemoveRaftVoterRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override RemoveRaftVoterResponse Refused() => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = null };
}
