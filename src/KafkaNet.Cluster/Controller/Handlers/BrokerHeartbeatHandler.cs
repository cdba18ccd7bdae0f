// BrokerHeartbeat (key 63), versions 0-1: answered by the active controller.
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class BrokerHeartbeatHandler(QuorumController controller) : ApiHandler<BrokerHeartbeatRequest, BrokerHeartbeatResponse>
{
    private readonly QuorumController _controller = controller ?? throw new ArgumentNullException(nameof(controller));

    public override short ApiKey => BrokerHeartbeatRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<BrokerHeartbeatResponse?> HandleAsync(RequestContext context, BrokerHeartbeatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _controller.BrokerHeartbeatAsync(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
