// ConsumerGroupDescribe (key 69), versions 0-1.
// State (Empty, Assigning, Reconciling, Stable), group and assignment epochs, the assignor in use and
// every member's subscription, current assignment and target assignment, topics named. A group that
// does not exist or is a classic group gets GROUP_ID_NOT_FOUND; an empty id INVALID_GROUP_ID. v1 adds
// the member type (0 classic, 1 consumer).
// Authorization: DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations are the
// principal's operations on the group.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ConsumerGroupDescribeHandler : ApiHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>
{
    public override short ApiKey => ConsumerGroupDescribeRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<ConsumerGroupDescribeResponse?> HandleAsync(RequestContext context, ConsumerGroupDescribeRequest request, CancellationToken cancellationToken)
    {
        var response = new ConsumerGroupDescribeResponse();
        foreach (string groupId in request.GroupIds)
        {
            if (!context.AllowsGroup(AclOperation.Describe, groupId))
            {
                response.Groups.Add(new ConsumerGroupDescribeResponse.DescribedGroup
                {
                    GroupId = groupId,
                    ErrorCode = (short)ErrorCode.GroupAuthorizationFailed,
                    GroupState = "",
                });
                continue;
            }
            var described = groupId.Length == 0
                ? new ConsumerGroupDescribeResponse.DescribedGroup { GroupId = groupId, ErrorCode = (short)ErrorCode.InvalidGroupId, GroupState = "Dead" }
                : context.Broker.Groups.DescribeConsumerGroup(groupId);
            if (request.IncludeAuthorizedOperations && described.ErrorCode == 0)
            {
                described.AuthorizedOperations = AuthorizedOperations.Group(context, groupId, asked: true);
            }
            response.Groups.Add(described);
        }
        return ValueTask.FromResult<ConsumerGroupDescribeResponse?>(response);
    }
}
