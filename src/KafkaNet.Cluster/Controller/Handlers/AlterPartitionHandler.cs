// AlterPartition (key 56), versions 0-3: answered by the active controller.
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class AlterPartitionHandler(QuorumController controller) : ApiHandler<AlterPartitionRequest, AlterPartitionResponse>
{
    private readonly QuorumController _controller = controller ?? throw new ArgumentNullException(nameof(controller));

    public override short ApiKey => AlterPartitionRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override async ValueTask<AlterPartitionResponse?> HandleAsync(RequestContext context, AlterPartitionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _controller.AlterPartitionAsync(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
