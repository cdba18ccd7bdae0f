// BrokerRegistration (key 62), versions 0-4: answered by the active controller.
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class BrokerRegistrationHandler(QuorumController controller) : ApiHandler<BrokerRegistrationRequest, BrokerRegistrationResponse>
{
    private readonly QuorumController _controller = controller ?? throw new ArgumentNullException(nameof(controller));

    public override short ApiKey => BrokerRegistrationRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override async ValueTask<BrokerRegistrationResponse?> HandleAsync(RequestContext context, BrokerRegistrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _controller.BrokerRegistrationAsync(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
