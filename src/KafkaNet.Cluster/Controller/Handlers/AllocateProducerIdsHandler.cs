// AllocateProducerIds (key 67), versions 0-0: answered by the active controller.
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class AllocateProducerIdsHandler(QuorumController controller) : ApiHandler<AllocateProducerIdsRequest, AllocateProducerIdsResponse>
{
    private readonly QuorumController _controller = controller ?? throw new ArgumentNullException(nameof(controller));

    public override short ApiKey => AllocateProducerIdsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override async ValueTask<AllocateProducerIdsResponse?> HandleAsync(RequestContext context, AllocateProducerIdsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _controller.AllocateProducerIdsAsync(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
