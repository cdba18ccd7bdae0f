// AddRaftVoter (key 80), versions 0-1: adds a voter to a dynamic metadata quorum (KIP-853).
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class AddRaftVoterHandler(QuorumController? controller)
    : QuorumChangeHandler<AddRaftVoterRequest, AddRaftVoterResponse>(controller, (c, r, v, t) => c.AddRaftVoterAsync(r, v, t),
        () => new AddRaftVoterResponse { ErrorCode = (short)ErrorCode.NotController, ErrorMessage = "No controller is known yet." })
{
    public override short ApiKey => AddRaftVoterRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override AddRaftVoterResponse Refused() => new() { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = null };
}
