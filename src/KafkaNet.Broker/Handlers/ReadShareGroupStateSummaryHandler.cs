// ReadShareGroupStateSummary (key 87), versions 0-1.
// Sent by the group coordinator to describe a share group's offsets: the stored state epoch, leader epoch and start
// offset without the batches (state epoch 0, leader epoch -1 and start offset -1 without state). The request's leader
// epoch is not checked. v1 adds DeliveryCompleteCount (KIP-1226): the acknowledged and archived offsets at or after the
// start offset, counted from the stored batches (-1 without state). Errors per partition as for
// ReadShareGroupState, without the fencing.
// Authorization: CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition.
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ReadShareGroupStateSummaryHandler : ApiHandler<ReadShareGroupStateSummaryRequest, ReadShareGroupStateSummaryResponse>
{
    public override short ApiKey => ReadShareGroupStateSummaryRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<ReadShareGroupStateSummaryResponse?> HandleAsync(RequestContext context, ReadShareGroupStateSummaryRequest request,
        CancellationToken cancellationToken)
    {
        var topics = await ShareStateRpc.ForEachPartitionAsync(context, request.GroupId, request.Topics,
            topic => (topic.TopicId, topic.Partitions), p => p.Partition,
            async (coordinator, key, _) => Result(key.Partition, await coordinator.ReadSummaryAsync(key).ConfigureAwait(false)),
            (partition, error) => Result(partition, new ShareStateSummary(error, 0, -1, -1)),
            (topicId, partitions) => new ReadShareGroupStateSummaryResponse.Topic { TopicId = topicId, Partitions = partitions }).ConfigureAwait(false);
        return new ReadShareGroupStateSummaryResponse { Topics = topics };
    }

    private static ReadShareGroupStateSummaryResponse.PartitionData Result(int partition, ShareStateSummary summary) => new()
    {
        Partition = partition,
        ErrorCode = (short)summary.Error,
        ErrorMessage = ShareStateRpc.MessageFor(summary.Error),
        StateEpoch = summary.StateEpoch,
        LeaderEpoch = summary.LeaderEpoch,
        StartOffset = summary.StartOffset,
        DeliveryCompleteCount = summary.DeliveryCompleteCount,
    };
}
