// ConsumerGroupDescribe (key 69), versions 0-1.
// State (Empty, Assigning, Reconciling, Stable), group and assignment epochs, the assignor in use and
// every member's subscription, current assignment and target assignment, topics named. A group that
// does not exist or is a classic group gets GROUP_ID_NOT_FOUND; an empty id INVALID_GROUP_ID. v1 adds
// the member type (0 classic, 1 consumer).
// Authorization: DESCRIBE on each group, else GROUP_AUTHORIZATION_FAILED for it; authorized operations are the
// principal's operations on the group. As Kafka 4.0 (KAFKA-18813), a group whose members' assignments or target
// assignments name a topic the principal may not DESCRIBE is answered TOPIC_AUTHORIZATION_FAILED without its members.
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
            if (described.ErrorCode == 0 && !context.AllowsEveryTopic(AclOperation.Describe, TopicsOf(described)))
            {
                described = new ConsumerGroupDescribeResponse.DescribedGroup
                {
                    GroupId = groupId,
                    ErrorCode = (short)ErrorCode.TopicAuthorizationFailed,
                    ErrorMessage = "The group has described topic(s) that the client is not authorized to describe.",
                    GroupState = "",
                };
            }
            if (request.IncludeAuthorizedOperations && described.ErrorCode == 0)
            {
                described.AuthorizedOperations = AuthorizedOperations.Group(context, groupId, asked: true);
            }
            response.Groups.Add(described);
        }
        return ValueTask.FromResult<ConsumerGroupDescribeResponse?>(response);
    }

    /// <summary>The topics the group's members hold or are to be given.</summary>
    private static IEnumerable<string> TopicsOf(ConsumerGroupDescribeResponse.DescribedGroup group) =>
        group.Members.SelectMany(m => m.Assignment.TopicPartitions.Concat(m.TargetAssignment.TopicPartitions)).Select(t => t.TopicName);
}
