// OffsetCommit (key 8), versions 0-10, the versions Kafka 4 dropped included for older clients.
// Commits from a member are checked against its group (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION,
// FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS); commits from outside group management (generation -1,
// no member id) are taken while the group is empty and create it if needed. Partitions of unknown
// topics get UNKNOWN_TOPIC_OR_PARTITION (v10 topic ids: UNKNOWN_TOPIC_ID) and metadata longer than
// offset.metadata.max.bytes OFFSET_METADATA_TOO_LARGE; nothing is written for them. v2-4 retention
// times set the expiry of the offsets they commit.
// Authorization: READ on the group (else GROUP_AUTHORIZATION_FAILED on every partition) and READ on each topic
// (TOPIC_AUTHORIZATION_FAILED on its partitions, which are not written).
// Deviation: the v1 client-side commit timestamp is not used; the broker's clock is.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class OffsetCommitHandler : ApiHandler<OffsetCommitRequest, OffsetCommitResponse>
{
    public override short ApiKey => OffsetCommitRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 10;

    protected override async ValueTask<OffsetCommitResponse?> HandleAsync(RequestContext context, OffsetCommitRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        bool byId = context.ApiVersion >= 10;
        var entries = new List<OffsetCommitEntry>();
        var unknownIds = new HashSet<Guid>();
        bool groupAllowed = context.AllowsGroup(AclOperation.Read, request.GroupId);
        HashSet<string>? deniedTopics = null;
        foreach (var topic in request.Topics)
        {
            var info = byId ? broker.Topics.Find(topic.TopicId) : broker.Topics.Find(topic.Name);
            if (byId && info is null)
            {
                unknownIds.Add(topic.TopicId);
            }
            bool readable = !groupAllowed || (byId && info is null) || context.AllowsTopic(AclOperation.Read, info?.Name ?? topic.Name);
            if (!readable)
            {
                (deniedTopics ??= new(StringComparer.Ordinal)).Add(topic.Name);
            }
            foreach (var partition in topic.Partitions)
            {
                bool exists = readable && info is not null && partition.PartitionIndex >= 0 && partition.PartitionIndex < info.PartitionCount;
                entries.Add(new OffsetCommitEntry(info?.Name ?? topic.Name, byId ? info?.TopicId ?? Guid.Empty : Guid.Empty, partition.PartitionIndex,
                    partition.CommittedOffset, partition.CommittedLeaderEpoch, partition.CommittedMetadata, exists));
            }
        }
        (ErrorCode GroupError, ErrorCode[] Errors) result;
        if (!groupAllowed)
        {
            result = (ErrorCode.GroupAuthorizationFailed, new ErrorCode[entries.Count]);
        }
        else if (request.GroupId.Length == 0)
        {
            result = (ErrorCode.InvalidGroupId, new ErrorCode[entries.Count]);
        }
        else if (deniedTopics is not null && deniedTopics.Count == request.Topics.Count)
        {
            // As Kafka: with no topic left the group is not consulted, so nothing is created or written.
            result = (ErrorCode.None, Enumerable.Repeat(ErrorCode.UnknownTopicOrPartition, entries.Count).ToArray());
        }
        else
        {
            long? retention = context.ApiVersion is >= 2 and <= 4 && request.RetentionTimeMs != -1 ? request.RetentionTimeMs : null;
            result = await broker.Groups.CommitOffsetsAsync(request.GroupId, request.MemberId, request.GroupInstanceId,
                request.GenerationIdOrMemberEpoch, retention, context.ApiVersion, entries).ConfigureAwait(false);
        }
        var response = new OffsetCommitResponse();
        int index = 0;
        foreach (var topic in request.Topics)
        {
            var topicResponse = new OffsetCommitResponse.OffsetCommitResponseTopic { Name = topic.Name, TopicId = topic.TopicId };
            foreach (var partition in topic.Partitions)
            {
                var error = result.GroupError != ErrorCode.None ? result.GroupError : result.Errors[index];
                if (error == ErrorCode.UnknownTopicOrPartition && unknownIds.Contains(topic.TopicId))
                {
                    error = ErrorCode.UnknownTopicId;
                }
                else if (error == ErrorCode.UnknownTopicOrPartition && deniedTopics?.Contains(topic.Name) == true)
                {
                    error = ErrorCode.TopicAuthorizationFailed;
                }
                topicResponse.Partitions.Add(new OffsetCommitResponse.OffsetCommitResponsePartition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)error,
                });
                index++;
            }
            response.Topics.Add(topicResponse);
        }
        return response;
    }
}
