// SyncGroup (key 14), versions 0-5.
// The classic protocol's sync phase: the leader's assignments are stored with the group and every
// member gets its own; followers wait for the leader. Unknown members get UNKNOWN_MEMBER_ID, old
// generations ILLEGAL_GENERATION, a group rebalancing again REBALANCE_IN_PROGRESS, and v5 protocol
// type or name that disagree with the group INCONSISTENT_GROUP_PROTOCOL.
// Authorization: READ on the group, else GROUP_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class SyncGroupHandler : ApiHandler<SyncGroupRequest, SyncGroupResponse>
{
    public override short ApiKey => SyncGroupRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override async ValueTask<SyncGroupResponse?> HandleAsync(RequestContext context, SyncGroupRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            return new SyncGroupResponse { ErrorCode = (short)ErrorCode.GroupAuthorizationFailed, Assignment = Array.Empty<byte>() };
        }
        if (request.GroupId.Length == 0)
        {
            return new SyncGroupResponse { ErrorCode = (short)ErrorCode.InvalidGroupId, Assignment = Array.Empty<byte>() };
        }
        var assignments = request.Assignments.Select(a => (a.MemberId, a.Assignment.ToArray())).ToList();
        var result = await context.Broker.Groups.SyncGroupAsync(request.GroupId, request.MemberId, request.GroupInstanceId, request.GenerationId,
            request.ProtocolType, request.ProtocolName, assignments, cancellationToken).ConfigureAwait(false);
        return new SyncGroupResponse
        {
            ErrorCode = (short)result.Error,
            ProtocolType = result.ProtocolType,
            ProtocolName = result.ProtocolName,
            Assignment = result.Assignment ?? [],
        };
    }
}
