using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Controller.Handlers;

/// <summary>
/// A request that changes the metadata quorum: with a controller (the controller listener) the quorum leader answers it;
/// without one (a broker listener) it goes to the active controller, as Kafka's brokers forward it. It needs ALTER on
/// the cluster (CLUSTER_AUTHORIZATION_FAILED).
/// </summary>
public abstract class QuorumChangeHandler<TRequest, TResponse>(
    QuorumController? controller,
    Func<QuorumController, TRequest, short, CancellationToken, Task<TResponse>> operation,
    Func<TResponse> noController)
    : ApiHandler<TRequest, TResponse>
    where TRequest : class, IKafkaMessage
    where TResponse : class, IKafkaMessage<TResponse>
{
    protected override async ValueTask<TResponse?> HandleAsync(RequestContext context, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.AllowsCluster(AclOperation.Alter))
        {
            return Refused();
        }
        if (controller is not null)
        {
            return await operation(controller, request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
        }
        return context.Broker.Controller is { } channel
            ? await channel.SendAsync<TResponse>(request, ApiKey, context.ApiVersion, cancellationToken).ConfigureAwait(false)
            : noController();
    }

    /// <summary>The answer without ALTER on the cluster.</summary>
    protected abstract TResponse Refused();
}
