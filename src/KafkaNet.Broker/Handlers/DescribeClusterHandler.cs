// DescribeCluster (key 60), versions 0-2.
// Describes the cluster view: its live brokers, the cluster id and the controller id it reports.
// Cluster authorized operations are sent only when asked for: none (0) without DESCRIBE on the cluster, as Kafka
// answers (the brokers themselves are not hidden).
// v1: asking for controller endpoints (endpoint_type 2) gets MISMATCHED_ENDPOINT_TYPE, since
// this is a broker listener. v2: the broker is never fenced.
// Deviation: no throttling.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeClusterHandler : ApiHandler<DescribeClusterRequest, DescribeClusterResponse>
{
    private const sbyte BrokerEndpoints = 1;

    public override short ApiKey => DescribeClusterRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override ValueTask<DescribeClusterResponse?> HandleAsync(RequestContext context, DescribeClusterRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        if (context.ApiVersion >= 1 && request.EndpointType != BrokerEndpoints)
        {
            return ValueTask.FromResult<DescribeClusterResponse?>(new DescribeClusterResponse
            {
                ErrorCode = (short)ErrorCode.MismatchedEndpointType,
                ErrorMessage = "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER",
                EndpointType = request.EndpointType,
                ClusterId = broker.ClusterId,
            });
        }
        var cluster = broker.Cluster;
        var response = new DescribeClusterResponse
        {
            EndpointType = BrokerEndpoints,
            ClusterId = broker.ClusterId,
            ControllerId = cluster.ControllerId,
            ClusterAuthorizedOperations = AuthorizedOperations.Cluster(context, request.IncludeClusterAuthorizedOperations),
        };
        // Fenced brokers are not in the view, so none is reported fenced.
        foreach (var live in cluster.Brokers.Values)
        {
            response.Brokers.Add(new DescribeClusterResponse.DescribeClusterBroker
            {
                BrokerId = live.Id,
                Host = live.Endpoint.Host,
                Port = live.Endpoint.Port,
                Rack = live.Rack,
                IsFenced = false,
            });
        }
        return ValueTask.FromResult<DescribeClusterResponse?>(response);
    }
}
