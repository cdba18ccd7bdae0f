// ReadShareGroupState (key 84), version 0.
// Sent by a broker that becomes a share-partition's leader: the stored state epoch, start offset and in-flight batches
// (state epoch 0 and start offset -1 for a share-partition without state). A leader epoch above the stored one is
// recorded; one below fails with FENCED_LEADER_EPOCH (-1 skips the check). Other errors per partition as for
// WriteShareGroupState, without the state epoch check.
// Authorization: CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition.
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ReadShareGroupStateHandler : ApiHandler<ReadShareGroupStateRequest, ReadShareGroupStateResponse>
{
    public override short ApiKey => ReadShareGroupStateRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<ReadShareGroupStateResponse?> HandleAsync(RequestContext context, ReadShareGroupStateRequest request,
        CancellationToken cancellationToken)
    {
        var topics = await ShareStateRpc.ForEachPartitionAsync(context, request.GroupId, request.Topics,
            topic => (topic.TopicId, topic.Partitions), p => p.Partition,
            async (coordinator, key, p) => Result(key.Partition, await coordinator.ReadAsync(key, p.LeaderEpoch).ConfigureAwait(false)),
            (partition, error) => Result(partition, new ShareStateReadResult(error, null, [])),
            (topicId, partitions) => new ReadShareGroupStateResponse.Topic { TopicId = topicId, Partitions = partitions }).ConfigureAwait(false);
        return new ReadShareGroupStateResponse { Topics = topics };
    }

    private static ReadShareGroupStateResponse.PartitionData Result(int partition, ShareStateReadResult read)
    {
        var result = new ReadShareGroupStateResponse.PartitionData
        {
            Partition = partition,
            ErrorCode = (short)read.Error,
            ErrorMessage = ShareStateRpc.MessageFor(read.Error),
            StateEpoch = read.State?.StateEpoch ?? 0,
            StartOffset = read.State?.StartOffset ?? -1,
        };
        foreach (var batch in read.State?.StateBatches ?? [])
        {
            result.StateBatches.Add(new ReadShareGroupStateResponse.StateBatch
            {
                FirstOffset = batch.FirstOffset,
                LastOffset = batch.LastOffset,
                DeliveryState = (sbyte)batch.DeliveryState,
                DeliveryCount = batch.DeliveryCount,
            });
        }
        return result;
    }
}
