using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Controller.Handlers;

/// <summary>
/// A handler that passes its request and version to one controller operation, once the principal has the operation on
/// the cluster that Kafka's controller requires of the API (CLUSTER_ACTION for what brokers send, ALTER for ACL changes);
/// without it the answer is CLUSTER_AUTHORIZATION_FAILED and nothing changes.
/// </summary>
public abstract class ControllerApiHandler<TRequest, TResponse> : ApiHandler<TRequest, TResponse>
    where TRequest : class, IKafkaMessage
    where TResponse : class, IKafkaMessage
{
    private readonly Func<TRequest, short, CancellationToken, Task<TResponse>> _operation;

    protected ControllerApiHandler(Func<TRequest, short, CancellationToken, Task<TResponse>> operation) =>
        _operation = operation ?? throw new ArgumentNullException(nameof(operation));

    /// <summary>The operation on the cluster the principal needs.</summary>
    protected virtual AclOperation RequiredOnCluster => AclOperation.ClusterAction;

    /// <summary>The answer to a principal without <see cref="RequiredOnCluster"/>: CLUSTER_AUTHORIZATION_FAILED.</summary>
    protected abstract TResponse Refused(TRequest request);

    protected override async ValueTask<TResponse?> HandleAsync(RequestContext context, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.AllowsCluster(RequiredOnCluster))
        {
            return Refused(request);
        }
        return await _operation(request, context.ApiVersion, cancellationToken).ConfigureAwait(false);
    }
}
