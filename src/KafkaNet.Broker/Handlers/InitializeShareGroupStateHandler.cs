// InitializeShareGroupState (key 83), version 0.
// Sent by the group coordinator when a share group starts reading a partition: the share coordinator stores a
// snapshot with the given state epoch and start offset and no in-flight batches (nothing when the state is already at
// that state epoch). Per partition: INVALID_REQUEST for an empty group id, a missing topic id or a negative partition,
// FENCED_STATE_EPOCH for a state epoch below the stored one, UNKNOWN_TOPIC_OR_PARTITION for a partition that does not
// exist, NOT_COORDINATOR when another broker leads its __share_group_state partition, COORDINATOR_LOAD_IN_PROGRESS
// while that partition is replayed, COORDINATOR_NOT_AVAILABLE before the topic exists or when the write fails.
// Authorization: CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class InitializeShareGroupStateHandler : ApiHandler<InitializeShareGroupStateRequest, InitializeShareGroupStateResponse>
{
    public override short ApiKey => InitializeShareGroupStateRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<InitializeShareGroupStateResponse?> HandleAsync(RequestContext context, InitializeShareGroupStateRequest request,
        CancellationToken cancellationToken)
    {
        var topics = await ShareStateRpc.ForEachPartitionAsync(context, request.GroupId, request.Topics,
            topic => (topic.TopicId, topic.Partitions), p => p.Partition,
            async (coordinator, key, p) => Result(key.Partition, await coordinator.InitializeAsync(key, p.StateEpoch, p.StartOffset).ConfigureAwait(false)),
            Result,
            (topicId, partitions) => new InitializeShareGroupStateResponse.Topic { TopicId = topicId, Partitions = partitions }).ConfigureAwait(false);
        return new InitializeShareGroupStateResponse { Topics = topics };
    }

    private static InitializeShareGroupStateResponse.PartitionData Result(int partition, ErrorCode error) =>
        new() { Partition = partition, ErrorCode = (short)error, ErrorMessage = ShareStateRpc.MessageFor(error) };
}
