// WriteShareGroupState (key 85), versions 0-1.
// Sent by a share-partition's leader after every change of its in-flight records: the share coordinator writes an
// update with the given batches, or a full snapshot on the first write, on a new state epoch and after
// share.coordinator.snapshot.update.records.per.snapshot updates. A start offset or leader epoch of -1 keeps the
// stored one. v1 adds DeliveryCompleteCount, which is not kept (the records have no field for it). Per partition:
// INVALID_REQUEST for an empty group id, a missing topic id or a negative partition, FENCED_LEADER_EPOCH or
// FENCED_STATE_EPOCH below the stored epoch, UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist,
// NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS / COORDINATOR_NOT_AVAILABLE as for the other share-state requests.
// Authorization: CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition.
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class WriteShareGroupStateHandler : ApiHandler<WriteShareGroupStateRequest, WriteShareGroupStateResponse>
{
    public override short ApiKey => WriteShareGroupStateRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<WriteShareGroupStateResponse?> HandleAsync(RequestContext context, WriteShareGroupStateRequest request,
        CancellationToken cancellationToken)
    {
        var topics = await ShareStateRpc.ForEachPartitionAsync(context, request.GroupId, request.Topics,
            topic => (topic.TopicId, topic.Partitions), p => p.Partition,
            async (coordinator, key, p) => Result(key.Partition,
                await coordinator.WriteAsync(key, p.StateEpoch, p.LeaderEpoch, p.StartOffset, p.StateBatches.Select(Batch).ToList()).ConfigureAwait(false)),
            Result,
            (topicId, partitions) => new WriteShareGroupStateResponse.Topic { TopicId = topicId, Partitions = partitions }).ConfigureAwait(false);
        return new WriteShareGroupStateResponse { Topics = topics };
    }

    private static ShareStateBatch Batch(WriteShareGroupStateRequest.StateBatch batch) =>
        new(batch.FirstOffset, batch.LastOffset, (RecordDeliveryState)(byte)batch.DeliveryState, batch.DeliveryCount);

    private static WriteShareGroupStateResponse.PartitionData Result(int partition, ErrorCode error) =>
        new() { Partition = partition, ErrorCode = (short)error, ErrorMessage = ShareStateRpc.MessageFor(error) };
}
