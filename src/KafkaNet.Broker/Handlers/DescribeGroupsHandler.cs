// DescribeGroups (key 15), versions 0-6.
// State, protocol type and members of classic groups; metadata, assignments and the chosen protocol
// only while the group is Stable, as Kafka shows them. An unknown group is described as Dead with
// no error before v6 and GROUP_ID_NOT_FOUND from v6 on.
// Authorization: DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations are the
// principal's operations on the group.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeGroupsHandler : ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse>
{
    public override short ApiKey => DescribeGroupsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 6;

    protected override ValueTask<DescribeGroupsResponse?> HandleAsync(RequestContext context, DescribeGroupsRequest request, CancellationToken cancellationToken)
    {
        var response = new DescribeGroupsResponse();
        foreach (string groupId in request.Groups)
        {
            if (!context.AllowsGroup(AclOperation.Describe, groupId))
            {
                response.Groups.Add(new DescribeGroupsResponse.DescribedGroup
                {
                    GroupId = groupId,
                    ErrorCode = (short)ErrorCode.GroupAuthorizationFailed,
                    AuthorizedOperations = AuthorizedOperations.Omitted,
                });
                continue;
            }
            var description = groupId.Length == 0
                ? Groups.GroupDescription.Failed(groupId, ErrorCode.InvalidGroupId)
                : context.Broker.Groups.DescribeGroup(groupId);
            var error = description.Error == ErrorCode.GroupIdNotFound && context.ApiVersion < 6 ? ErrorCode.None : description.Error;
            var described = new DescribeGroupsResponse.DescribedGroup
            {
                ErrorCode = (short)error,
                ErrorMessage = error == ErrorCode.GroupIdNotFound ? $"Group {groupId} not found." : null,
                GroupId = groupId,
                GroupState = description.State,
                ProtocolType = description.ProtocolType,
                ProtocolData = description.ProtocolData,
                AuthorizedOperations = AuthorizedOperations.Group(context, groupId, request.IncludeAuthorizedOperations),
            };
            foreach (var member in description.Members)
            {
                described.Members.Add(new DescribeGroupsResponse.DescribedGroupMember
                {
                    MemberId = member.MemberId,
                    GroupInstanceId = member.GroupInstanceId,
                    ClientId = member.ClientId,
                    ClientHost = member.ClientHost,
                    MemberMetadata = member.Metadata,
                    MemberAssignment = member.Assignment,
                });
            }
            response.Groups.Add(described);
        }
        return ValueTask.FromResult<DescribeGroupsResponse?>(response);
    }
}
