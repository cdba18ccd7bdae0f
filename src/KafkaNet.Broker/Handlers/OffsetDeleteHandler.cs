// OffsetDelete (key 47), version 0.
// Deletes a group's committed offsets: GROUP_ID_NOT_FOUND for an unknown group, NON_EMPTY_GROUP for a
// group in use that is not a consumer group, and per partition GROUP_SUBSCRIBED_TO_TOPIC while a
// member's subscription names the topic.
// Authorization: DELETE on the group (else GROUP_AUTHORIZATION_FAILED) and READ on each topic (else
// TOPIC_AUTHORIZATION_FAILED on its partitions, whose offsets stay).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class OffsetDeleteHandler : ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse>
{
    public override short ApiKey => OffsetDeleteRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<OffsetDeleteResponse?> HandleAsync(RequestContext context, OffsetDeleteRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsGroup(AclOperation.Delete, request.GroupId))
        {
            return new OffsetDeleteResponse { ErrorCode = (short)ErrorCode.GroupAuthorizationFailed };
        }
        var readable = request.Topics.Select(t => t.Name).Distinct(StringComparer.Ordinal)
            .Where(name => context.AllowsTopic(AclOperation.Read, name)).ToHashSet(StringComparer.Ordinal);
        var partitions = request.Topics.Where(t => readable.Contains(t.Name))
            .SelectMany(t => t.Partitions.Select(p => new TopicPartitionKey(t.Name, p.PartitionIndex))).ToList();
        var (error, errors) = request.GroupId.Length == 0
            ? (ErrorCode.InvalidGroupId, new ErrorCode[partitions.Count])
            : await context.Broker.Groups.DeleteOffsetsAsync(request.GroupId, partitions).ConfigureAwait(false);
        var response = new OffsetDeleteResponse { ErrorCode = (short)error };
        if (error != ErrorCode.None)
        {
            return response;
        }
        int index = 0;
        foreach (var topic in request.Topics)
        {
            var topicResponse = new OffsetDeleteResponse.OffsetDeleteResponseTopic { Name = topic.Name };
            foreach (var partition in topic.Partitions)
            {
                if (!readable.Contains(topic.Name))
                {
                    topicResponse.Partitions.Add(new OffsetDeleteResponse.OffsetDeleteResponsePartition
                    {
                        PartitionIndex = partition.PartitionIndex,
                        ErrorCode = (short)ErrorCode.TopicAuthorizationFailed,
                    });
                    continue;
                }
                var partitionError = errors[index++];
                if (context.Broker.Topics.Find(topic.Name) is null)
                {
                    partitionError = ErrorCode.UnknownTopicOrPartition;
                }
                topicResponse.Partitions.Add(new OffsetDeleteResponse.OffsetDeleteResponsePartition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)partitionError,
                });
            }
            response.Topics.Add(topicResponse);
        }
        return response;
    }
}
