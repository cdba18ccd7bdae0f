// ShareGroupDescribe (key 77), versions 0-1.
// State (Empty or Stable), group and assignment epochs, the assignor ("simple") and every member's rack, epoch,
// client, subscription and assignment (topic id, name and partitions). A group that does not exist or is not a
// share group gets GROUP_ID_NOT_FOUND (state Dead); an empty id INVALID_GROUP_ID.
// Served only with group.share.enable=true.
// Authorization: DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations are the
// principal's operations on the group. As Kafka 4.x, a group whose members' assignments name a topic the principal
// may not DESCRIBE is answered TOPIC_AUTHORIZATION_FAILED without its members.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ShareGroupDescribeHandler : ApiHandler<ShareGroupDescribeRequest, ShareGroupDescribeResponse>
{
    public override short ApiKey => ShareGroupDescribeRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<ShareGroupDescribeResponse?> HandleAsync(RequestContext context, ShareGroupDescribeRequest request, CancellationToken cancellationToken)
    {
        var response = new ShareGroupDescribeResponse();
        foreach (string groupId in request.GroupIds)
        {
            var described = !context.AllowsGroup(AclOperation.Describe, groupId) ? Refused(groupId, ErrorCode.GroupAuthorizationFailed, null, "")
                : groupId.Length == 0 ? Refused(groupId, ErrorCode.InvalidGroupId, null, "Dead")
                : context.Broker.Groups.DescribeShareGroup(groupId);
            if (described.ErrorCode == 0
                && !context.AllowsEveryTopic(AclOperation.Describe, described.Members.SelectMany(m => m.Assignment.TopicPartitions).Select(t => t.Topic)))
            {
                described = Refused(groupId, ErrorCode.TopicAuthorizationFailed, "The group has described topic(s) that the client is not authorized to describe.", "");
            }
            if (request.IncludeAuthorizedOperations && described.ErrorCode == 0)
            {
                described.AuthorizedOperations = AuthorizedOperations.Group(context, groupId, asked: true);
            }
            response.Groups.Add(described);
        }
        return ValueTask.FromResult<ShareGroupDescribeResponse?>(response);
    }

    private static ShareGroupDescribeResponse.Group Refused(string groupId, ErrorCode error, string? message, string state) =>
        new() { GroupId = groupId, ErrorCode = (short)error, ErrorMessage = message, GroupState = state };
}
