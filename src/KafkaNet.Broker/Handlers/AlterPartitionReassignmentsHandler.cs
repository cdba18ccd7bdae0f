// AlterPartitionReassignments (key 45), versions 0-1 (v1 adds AllowReplicationFactorChange). With a controller
// the request goes there. A single node holds every replica itself, so moving a partition to [this node] is
// already done, cancelling finds no reassignment in progress, and any other target names a broker that is
// not registered (INVALID_REPLICA_ASSIGNMENT), as Kafka answers with one broker.
// Deviation: no throttling.
// Authorization: ALTER on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class AlterPartitionReassignmentsHandler : ApiHandler<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse>
{
    public override short ApiKey => AlterPartitionReassignmentsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<AlterPartitionReassignmentsResponse?> HandleAsync(RequestContext context, AlterPartitionReassignmentsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.Alter))
        {
            return ValueTask.FromResult<AlterPartitionReassignmentsResponse?>(new AlterPartitionReassignmentsResponse
            {
                ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed,
                ErrorMessage = null,
                AllowReplicationFactorChange = request.AllowReplicationFactorChange,
            });
        }
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.ForwardAsync<AlterPartitionReassignmentsResponse>(context, request, AlterPartitionReassignmentsRequest.ApiKey, cancellationToken);
        }
        int self = context.Broker.Options.NodeId;
        var response = new AlterPartitionReassignmentsResponse { AllowReplicationFactorChange = request.AllowReplicationFactorChange };
        foreach (var requested in request.Topics)
        {
            var topic = context.Broker.Topics.Find(requested.Name);
            var result = new AlterPartitionReassignmentsResponse.ReassignableTopicResponse { Name = requested.Name };
            foreach (var partition in requested.Partitions)
            {
                var (code, message) = topic is null || partition.PartitionIndex < 0 || partition.PartitionIndex >= topic.PartitionCount
                    ? (ErrorCode.UnknownTopicOrPartition, "The partition does not exist.")
                    : partition.Replicas is null ? (ErrorCode.NoReassignmentInProgress, "No ongoing reassignment for this partition.")
                    : Check(partition.Replicas, self);
                result.Partitions.Add(new() { PartitionIndex = partition.PartitionIndex, ErrorCode = (short)code, ErrorMessage = message });
            }
            response.Responses.Add(result);
        }
        return ValueTask.FromResult<AlterPartitionReassignmentsResponse?>(response);
    }

    private static (ErrorCode Code, string? Message) Check(List<int> replicas, int self)
    {
        if (replicas.Count == 0)
        {
            return (ErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes an empty replica list.");
        }
        if (replicas.Distinct().Count() != replicas.Count)
        {
            return (ErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes duplicate replicas.");
        }
        int other = replicas.FirstOrDefault(id => id != self, self);
        return other == self
            ? (ErrorCode.None, null)
            : (ErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes broker {other}, but no such broker is registered.");
    }
}
