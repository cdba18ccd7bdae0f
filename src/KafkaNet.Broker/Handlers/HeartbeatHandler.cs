// Heartbeat (key 12), versions 0-4.
// Keeps a classic member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin, ILLEGAL_GENERATION
// that it missed a generation, UNKNOWN_MEMBER_ID that it was removed, FENCED_INSTANCE_ID that another
// incarnation of its static identity took over.
// Authorization: READ on the group, else GROUP_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class HeartbeatHandler : ApiHandler<HeartbeatRequest, HeartbeatResponse>
{
    public override short ApiKey => HeartbeatRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override ValueTask<HeartbeatResponse?> HandleAsync(RequestContext context, HeartbeatRequest request, CancellationToken cancellationToken)
    {
        var error = !context.AllowsGroup(AclOperation.Read, request.GroupId)
            ? ErrorCode.GroupAuthorizationFailed
            : request.GroupId.Length == 0
            ? ErrorCode.InvalidGroupId
            : context.Broker.Groups.Heartbeat(request.GroupId, request.MemberId, request.GroupInstanceId, request.GenerationId);
        return ValueTask.FromResult<HeartbeatResponse?>(new HeartbeatResponse { ErrorCode = (short)error });
    }
}
