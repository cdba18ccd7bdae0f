using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>Typed base for handlers: casts the decoded request once so handlers see their own types.</summary>
public abstract class ApiHandler<TRequest, TResponse> : IApiHandler
    where TRequest : class, IKafkaMessage
    where TResponse : class, IKafkaMessage
{
    public abstract short ApiKey { get; }

    public abstract short LowestVersion { get; }

    public abstract short HighestVersion { get; }

    public async ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken) =>
        await HandleAsync(context, (TRequest)request, cancellationToken).ConfigureAwait(false);

    protected abstract ValueTask<TResponse?> HandleAsync(RequestContext context, TRequest request, CancellationToken cancellationToken);
}
