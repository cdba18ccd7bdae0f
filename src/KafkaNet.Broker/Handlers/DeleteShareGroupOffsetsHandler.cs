// DeleteShareGroupOffsets (key 92), version 0.
// Deletes the state of every share-partition of the named topics that an empty share group has state for
// (DeleteShareGroupState through KafkaBroker.ShareState), so the group starts them afresh. A group with members gets
// NON_EMPTY_GROUP, a group that does not exist or is of another type GROUP_ID_NOT_FOUND, an empty id INVALID_GROUP_ID;
// a topic that does not exist UNKNOWN_TOPIC_OR_PARTITION. Served only with group.share.enable=true.
// Authorization: DELETE on the group, else GROUP_AUTHORIZATION_FAILED; READ on each topic, else
// TOPIC_AUTHORIZATION_FAILED for it.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Response = KafkaNet.Protocol.Messages.DeleteShareGroupOffsetsResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteShareGroupOffsetsHandler : ApiHandler<DeleteShareGroupOffsetsRequest, Response>
{
    public override short ApiKey => DeleteShareGroupOffsetsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<Response?> HandleAsync(RequestContext context, DeleteShareGroupOffsetsRequest request, CancellationToken cancellationToken)
    {
        var error = await ShareGroupOffsetsChecks.GroupAsync(context, request.GroupId, AclOperation.Delete, create: false).ConfigureAwait(false);
        if (error != ErrorCode.None)
        {
            return new Response { ErrorCode = (short)error, ErrorMessage = null };
        }
        var (_, withState) = context.Broker.Groups.ShareGroupStatePartitions(request.GroupId);
        var response = new Response { ErrorMessage = null };
        var deleted = new List<ShareTopicPartition>();
        foreach (var topic in request.Topics)
        {
            var info = context.Broker.Topics.Find(topic.Topic);
            var topicError = ShareGroupOffsetsChecks.Topic(context, topic.Topic, info);
            foreach (var partition in topicError == ErrorCode.None ? withState.Where(p => p.TopicId == info!.TopicId) : [])
            {
                topicError = await context.Broker.ShareState.DeleteAsync(new SharePartitionKey(request.GroupId, partition.TopicId, partition.Partition), cancellationToken)
                    .ConfigureAwait(false);
                if (topicError != ErrorCode.None)
                {
                    break;
                }
                deleted.Add(partition);
            }
            response.Topics.Add(new Response.TopicData { Topic = topic.Topic, TopicId = info?.TopicId ?? Guid.Empty, ErrorCode = (short)topicError, ErrorMessage = null });
        }
        response.ErrorCode = (short)await context.Broker.Groups.ChangeShareStatePartitionsAsync(request.GroupId, [], deleted).ConfigureAwait(false);
        return response;
    }
}
