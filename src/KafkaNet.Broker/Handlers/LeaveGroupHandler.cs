// LeaveGroup (key 13), versions 0-5.
// v0-2 remove one member by id; v3+ remove a batch, static members by group.instance.id, each with its
// own error (UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID). The group rebalances without them.
// Authorization: READ on the group, else GROUP_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class LeaveGroupHandler : ApiHandler<LeaveGroupRequest, LeaveGroupResponse>
{
    public override short ApiKey => LeaveGroupRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override ValueTask<LeaveGroupResponse?> HandleAsync(RequestContext context, LeaveGroupRequest request, CancellationToken cancellationToken)
    {
        var response = new LeaveGroupResponse();
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            response.ErrorCode = (short)ErrorCode.GroupAuthorizationFailed;
            return ValueTask.FromResult<LeaveGroupResponse?>(response);
        }
        if (request.GroupId.Length == 0)
        {
            response.ErrorCode = (short)ErrorCode.InvalidGroupId;
            return ValueTask.FromResult<LeaveGroupResponse?>(response);
        }
        var members = context.ApiVersion >= 3
            ? request.Members.Select(m => (m.MemberId, m.GroupInstanceId)).ToList()
            : [(request.MemberId, (string?)null)];
        var (error, memberErrors) = context.Broker.Groups.LeaveGroup(request.GroupId, members);
        if (context.ApiVersion < 3)
        {
            response.ErrorCode = (short)(error != ErrorCode.None ? error : memberErrors[0]);
            return ValueTask.FromResult<LeaveGroupResponse?>(response);
        }
        response.ErrorCode = (short)error;
        if (error == ErrorCode.None)
        {
            for (int i = 0; i < members.Count; i++)
            {
                response.Members.Add(new LeaveGroupResponse.MemberResponse
                {
                    MemberId = members[i].MemberId,
                    GroupInstanceId = members[i].GroupInstanceId,
                    ErrorCode = (short)memberErrors[i],
                });
            }
        }
        return ValueTask.FromResult<LeaveGroupResponse?>(response);
    }
}
