// ElectLeaders (key 43), versions 0-2 (v0 is always a preferred election; v1 adds the election type and a
// top-level error code). With a controller the request goes there. A single node leads every partition of
// its single-replica topics, so each named partition answers ELECTION_NOT_NEEDED (unknown ones
// UNKNOWN_TOPIC_OR_PARTITION), and electing every partition (null topics) lists nothing, as Kafka lists only
// the partitions it acted on.
// Deviation: no throttling.
// Authorization: ALTER on the cluster, else CLUSTER_AUTHORIZATION_FAILED (top level and every partition).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ElectLeadersHandler : ApiHandler<ElectLeadersRequest, ElectLeadersResponse>
{
    public override short ApiKey => ElectLeadersRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override ValueTask<ElectLeadersResponse?> HandleAsync(RequestContext context, ElectLeadersRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.Alter))
        {
            return ValueTask.FromResult<ElectLeadersResponse?>(Refused(request));
        }
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.ForwardAsync<ElectLeadersResponse>(context, request, ElectLeadersRequest.ApiKey, cancellationToken);
        }
        var response = new ElectLeadersResponse();
        foreach (var requested in request.TopicPartitions ?? [])
        {
            var topic = context.Broker.Topics.Find(requested.Topic);
            var result = new ElectLeadersResponse.ReplicaElectionResult { Topic = requested.Topic };
            foreach (int partition in requested.Partitions)
            {
                bool exists = topic is not null && partition >= 0 && partition < topic.PartitionCount;
                result.PartitionResult.Add(new()
                {
                    PartitionId = partition,
                    ErrorCode = (short)(exists ? ErrorCode.ElectionNotNeeded : ErrorCode.UnknownTopicOrPartition),
                    ErrorMessage = exists ? "Leader election not needed for topic partition." : "The partition does not exist.",
                });
            }
            response.ReplicaElectionResults.Add(result);
        }
        return ValueTask.FromResult<ElectLeadersResponse?>(response);
    }

    /// <summary>Kafka's answer without ALTER on the cluster: the error at the top and on every partition asked for.</summary>
    private static ElectLeadersResponse Refused(ElectLeadersRequest request)
    {
        var response = new ElectLeadersResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
        foreach (var requested in request.TopicPartitions ?? [])
        {
            var result = new ElectLeadersResponse.ReplicaElectionResult { Topic = requested.Topic };
            foreach (int partition in requested.Partitions)
            {
                result.PartitionResult.Add(new() { PartitionId = partition, ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = null });
            }
            response.ReplicaElectionResults.Add(result);
        }
        return response;
    }
}
