using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Controller.Handlers;

/// <summary>A handler that passes its request and version to one controller operation.</summary>
public abstract class ControllerApiHandler<TRequest, TResponse> : ApiHandler<TRequest, TResponse>
    where TRequest : class, IKafkaMessage
    where TResponse : class, IKafkaMessage
{
    private readonly Func<TRequest, short, CancellationToken, Task<TResponse>> _operation;

    protected ControllerApiHandler(Func<TRequest, short, CancellationToken, Task<TResponse>> operation) =>
        _operation = operation ?? throw new ArgumentNullException(nameof(operation));

    protected override async ValueTask<TResponse?> HandleAsync(RequestContext context, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _operation(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
