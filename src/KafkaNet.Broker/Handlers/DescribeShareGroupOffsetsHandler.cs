// DescribeShareGroupOffsets (key 90), versions 0-1.
// For each share group, the start offset and leader epoch of its share-partitions, read from the share state
// (ReadShareGroupStateSummary through KafkaBroker.ShareState). Null topics means every partition the group has
// state for; a partition without state has start offset -1. A group that does not exist or is not a share group
// gets GROUP_ID_NOT_FOUND, an empty id INVALID_GROUP_ID; a topic that does not exist UNKNOWN_TOPIC_OR_PARTITION on
// its partitions. Served only with group.share.enable=true.
// Lag (v1, KIP-1226): the high watermark less the start offset less the delivery-complete count; -1 without state or
// when this broker has no replica of the partition to read the high watermark from.
// Authorization: DESCRIBE on the group, else GROUP_AUTHORIZATION_FAILED for it; DESCRIBE on each topic, else
// TOPIC_AUTHORIZATION_FAILED on its partitions.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Response = KafkaNet.Protocol.Messages.DescribeShareGroupOffsetsResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeShareGroupOffsetsHandler : ApiHandler<DescribeShareGroupOffsetsRequest, Response>
{
    public override short ApiKey => DescribeShareGroupOffsetsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<Response?> HandleAsync(RequestContext context, DescribeShareGroupOffsetsRequest request, CancellationToken cancellationToken)
    {
        var response = new Response();
        foreach (var group in request.Groups)
        {
            response.Groups.Add(await DescribeAsync(context, group, cancellationToken).ConfigureAwait(false));
        }
        return response;
    }

    private static async Task<Response.Group> DescribeAsync(RequestContext context, DescribeShareGroupOffsetsRequest.Group group, CancellationToken cancellationToken)
    {
        var described = new Response.Group { GroupId = group.GroupId, ErrorMessage = null };
        var (error, statePartitions) = !context.AllowsGroup(AclOperation.Describe, group.GroupId) ? (ErrorCode.GroupAuthorizationFailed, [])
            : group.GroupId.Length == 0 ? (ErrorCode.InvalidGroupId, [])
            : context.Broker.Groups.ShareGroupStatePartitions(group.GroupId);
        if (error != ErrorCode.None)
        {
            described.ErrorCode = (short)error;
            described.ErrorMessage = error == ErrorCode.GroupIdNotFound ? $"Group {group.GroupId} is not a share group." : null;
            return described;
        }
        var wanted = group.Topics?.Select(t => (t.Topic, (IReadOnlyList<int>)t.Partitions))
            ?? statePartitions.GroupBy(p => p.TopicId)
                .Select(t => (context.Broker.Topics.Find(t.Key)?.Name, (IReadOnlyList<int>)[.. t.Select(p => p.Partition).Order()]))
                .Where(t => t.Name is not null).Select(t => (t.Name!, t.Item2));
        foreach (var (topicName, partitions) in wanted)
        {
            var topic = context.Broker.Topics.Find(topicName);
            var topicError = !context.AllowsTopic(AclOperation.Describe, topicName) ? ErrorCode.TopicAuthorizationFailed
                : topic is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None;
            var data = new Response.TopicData { Topic = topicName, TopicId = topicError == ErrorCode.None ? topic!.TopicId : Guid.Empty };
            foreach (int partition in partitions)
            {
                var summary = topicError == ErrorCode.None
                    ? await context.Broker.ShareState.ReadSummaryAsync(new SharePartitionKey(group.GroupId, topic!.TopicId, partition), cancellationToken).ConfigureAwait(false)
                    : new ShareStateSummary(topicError, 0, -1, -1);
                data.Partitions.Add(new Response.PartitionData
                {
                    Partition = partition,
                    StartOffset = summary.Error == ErrorCode.None ? summary.StartOffset : -1,
                    LeaderEpoch = summary.Error == ErrorCode.None ? summary.LeaderEpoch : -1,
                    Lag = summary.Error == ErrorCode.None ? Lag(context.Broker, topicName, partition, summary) : -1,
                    ErrorCode = (short)summary.Error,
                    ErrorMessage = null,
                });
            }
            described.Topics.Add(data);
        }
        return described;
    }

    private static long Lag(KafkaBroker broker, string topic, int partition, ShareStateSummary summary) =>
        summary.StartOffset < 0 || summary.DeliveryCompleteCount < 0 || broker.Replicas?.Find(topic, partition) is not { } log
            ? -1
            : Math.Max(0, log.HighWatermark - summary.StartOffset - summary.DeliveryCompleteCount);
}
