// ListPartitionReassignments (key 46), version 0. With a controller the request goes there; a single node
// never has a reassignment in progress (one replica completes at once), so it lists none.
// Deviation: no throttling.
// Authorization: DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ListPartitionReassignmentsHandler : ApiHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse>
{
    public override short ApiKey => ListPartitionReassignmentsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<ListPartitionReassignmentsResponse?> HandleAsync(RequestContext context, ListPartitionReassignmentsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.Describe))
        {
            return ValueTask.FromResult<ListPartitionReassignmentsResponse?>(
                new ListPartitionReassignmentsResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed, ErrorMessage = null });
        }
        return context.Broker.Controller is not null
            ? ControllerForwarding.ForwardAsync<ListPartitionReassignmentsResponse>(context, request, ListPartitionReassignmentsRequest.ApiKey, cancellationToken)
            : ValueTask.FromResult<ListPartitionReassignmentsResponse?>(new ListPartitionReassignmentsResponse());
    }
}
