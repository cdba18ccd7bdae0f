// AlterShareGroupOffsets (key 91), version 0.
// Sets where an empty share group reads its share-partitions from: each partition's state starts again at the given
// offset under the next state epoch (InitializeShareGroupState through KafkaBroker.ShareState), and the partition is
// noted as one the group has state for. A missing group is created empty; a group with members gets NON_EMPTY_GROUP,
// a group of another type GROUP_ID_NOT_FOUND, an empty id INVALID_GROUP_ID. A topic or partition that does not exist
// gets UNKNOWN_TOPIC_OR_PARTITION. Served only with group.share.enable=true.
// Authorization: READ on the group, else GROUP_AUTHORIZATION_FAILED; READ on each topic, else
// TOPIC_AUTHORIZATION_FAILED on its partitions.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Response = KafkaNet.Protocol.Messages.AlterShareGroupOffsetsResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class AlterShareGroupOffsetsHandler : ApiHandler<AlterShareGroupOffsetsRequest, Response>
{
    public override short ApiKey => AlterShareGroupOffsetsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<Response?> HandleAsync(RequestContext context, AlterShareGroupOffsetsRequest request, CancellationToken cancellationToken)
    {
        var error = await ShareGroupOffsetsChecks.GroupAsync(context, request.GroupId, AclOperation.Read, create: true).ConfigureAwait(false);
        if (error != ErrorCode.None)
        {
            return new Response { ErrorCode = (short)error, ErrorMessage = null };
        }
        var response = new Response { ErrorMessage = null };
        var initialized = new List<ShareTopicPartition>();
        foreach (var topic in request.Topics)
        {
            var info = context.Broker.Topics.Find(topic.Topic);
            var topicError = ShareGroupOffsetsChecks.Topic(context, topic.Topic, info);
            var data = new Response.TopicData { Topic = topic.Topic, TopicId = info?.TopicId ?? Guid.Empty };
            foreach (var partition in topic.Partitions)
            {
                var partitionError = topicError != ErrorCode.None ? topicError
                    : partition.Partition < 0 || partition.Partition >= info!.PartitionCount ? ErrorCode.UnknownTopicOrPartition
                    : await InitializeAsync(context.Broker.ShareState, new SharePartitionKey(request.GroupId, info.TopicId, partition.Partition), partition.StartOffset,
                        cancellationToken).ConfigureAwait(false);
                if (partitionError == ErrorCode.None)
                {
                    initialized.Add(new ShareTopicPartition(info!.TopicId, partition.Partition));
                }
                data.Partitions.Add(new Response.PartitionData { Partition = partition.Partition, ErrorCode = (short)partitionError, ErrorMessage = null });
            }
            response.Topics.Add(data);
        }
        var noted = await context.Broker.Groups.ChangeShareStatePartitionsAsync(request.GroupId, initialized, []).ConfigureAwait(false);
        response.ErrorCode = (short)noted;
        return response;
    }

    /// <summary>Starts the partition's state again at the offset, one state epoch above the stored one.</summary>
    private static async Task<ErrorCode> InitializeAsync(IShareStatePersister persister, SharePartitionKey key, long startOffset, CancellationToken cancellationToken)
    {
        var summary = await persister.ReadSummaryAsync(key, cancellationToken).ConfigureAwait(false);
        return summary.Error != ErrorCode.None ? summary.Error
            : await persister.InitializeAsync(key, summary.StateEpoch + 1, startOffset, cancellationToken).ConfigureAwait(false);
    }
}
