// WriteTxnMarkers (key 27), versions 0-1.
// The broker side of a transaction's end: a coordinator asks the leader of each partition to append the
// COMMIT or ABORT marker of a producer. Markers for __consumer_offsets are written by the group coordinator,
// which also commits or drops the producer's pending offsets. Per partition: UNKNOWN_TOPIC_OR_PARTITION when
// this broker has no such partition, INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED when the
// partition has seen a newer producer epoch or coordinator epoch. Results are merged per producer id, as Kafka's.
// Authorization: ALTER or CLUSTER_ACTION on the cluster (the coordinators' own requests), else
// CLUSTER_AUTHORIZATION_FAILED on every partition, nothing written.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Protocol.Messages.WriteTxnMarkersResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class WriteTxnMarkersHandler : ApiHandler<WriteTxnMarkersRequest, WriteTxnMarkersResponse>
{
    public override short ApiKey => WriteTxnMarkersRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<WriteTxnMarkersResponse?> HandleAsync(RequestContext context, WriteTxnMarkersRequest request, CancellationToken cancellationToken)
    {
        var response = new WriteTxnMarkersResponse();
        bool allowed = context.AllowsCluster(AclOperation.Alter, audit: false) || context.AllowsCluster(AclOperation.ClusterAction);
        var byProducer = new Dictionary<long, WritableTxnMarkerResult>();
        foreach (var marker in request.Markers)
        {
            if (!byProducer.TryGetValue(marker.ProducerId, out var result))
            {
                result = new WritableTxnMarkerResult { ProducerId = marker.ProducerId };
                byProducer[marker.ProducerId] = result;
                response.Markers.Add(result);
            }
            foreach (var topic in marker.Topics)
            {
                var topicResult = new WritableTxnMarkerTopicResult { Name = topic.Name };
                var writes = topic.PartitionIndexes.Select(p => !allowed ? Task.FromResult(ErrorCode.ClusterAuthorizationFailed) : context.Broker.Transactions.WriteMarkerAsync(topic.Name, p, marker.ProducerId,
                    marker.ProducerEpoch, marker.CoordinatorEpoch, marker.TransactionResult)).ToList();
                var errors = await Task.WhenAll(writes).ConfigureAwait(false);
                for (int i = 0; i < errors.Length; i++)
                {
                    topicResult.Partitions.Add(new WritableTxnMarkerPartitionResult { PartitionIndex = topic.PartitionIndexes[i], ErrorCode = (short)errors[i] });
                }
                result.Topics.Add(topicResult);
            }
        }
        return response;
    }
}
