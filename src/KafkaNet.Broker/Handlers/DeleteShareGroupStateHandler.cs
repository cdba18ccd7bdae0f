// DeleteShareGroupState (key 86), version 0.
// Sent by the group coordinator when a share group's offsets or the group are deleted: the share coordinator writes
// tombstones for the share-partition's snapshot and update keys (nothing when it has no state). Per partition:
// INVALID_REQUEST for an empty group id, a missing topic id or a negative partition, NOT_COORDINATOR when another broker
// leads its __share_group_state partition, COORDINATOR_LOAD_IN_PROGRESS while that partition is replayed,
// COORDINATOR_NOT_AVAILABLE before the topic exists or when the write fails.
// Authorization: CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteShareGroupStateHandler : ApiHandler<DeleteShareGroupStateRequest, DeleteShareGroupStateResponse>
{
    public override short ApiKey => DeleteShareGroupStateRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<DeleteShareGroupStateResponse?> HandleAsync(RequestContext context, DeleteShareGroupStateRequest request,
        CancellationToken cancellationToken)
    {
        var topics = await ShareStateRpc.ForEachPartitionAsync(context, request.GroupId, request.Topics,
            topic => (topic.TopicId, topic.Partitions), p => p.Partition,
            async (coordinator, key, _) => Result(key.Partition, await coordinator.DeleteAsync(key).ConfigureAwait(false)),
            Result,
            (topicId, partitions) => new DeleteShareGroupStateResponse.Topic { TopicId = topicId, Partitions = partitions }).ConfigureAwait(false);
        return new DeleteShareGroupStateResponse { Topics = topics };
    }

    private static DeleteShareGroupStateResponse.PartitionData Result(int partition, ErrorCode error) =>
        new() { Partition = partition, ErrorCode = (short)error, ErrorMessage = ShareStateRpc.MessageFor(error) };
}
