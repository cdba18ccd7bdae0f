// DescribeCluster (key 60), versions 0-2.
// Describes the one-broker cluster: this broker, the cluster id, and this broker as controller.
// Cluster authorized operations are sent only when asked for (all allowed: no authorizer).
// v1: asking for controller endpoints (endpoint_type 2) gets MISMATCHED_ENDPOINT_TYPE, since
// this is a broker listener. v2: the broker is never fenced.
// Deviation: the controller id is this broker's own id (combined mode); no throttling.
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
        var endpoint = broker.Options.AdvertisedEndpoint;
        var response = new DescribeClusterResponse
        {
            EndpointType = BrokerEndpoints,
            ClusterId = broker.ClusterId,
            ControllerId = broker.Options.NodeId,
            ClusterAuthorizedOperations = request.IncludeClusterAuthorizedOperations ? AuthorizedOperations.Cluster : AuthorizedOperations.Omitted,
        };
        response.Brokers.Add(new DescribeClusterResponse.DescribeClusterBroker
        {
            BrokerId = broker.Options.NodeId,
            Host = endpoint.Host,
            Port = endpoint.Port,
            Rack = broker.Options.Rack,
            IsFenced = false,
        });
        return ValueTask.FromResult<DescribeClusterResponse?>(response);
    }
}
