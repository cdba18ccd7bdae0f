using KafkaNet.Protocol;

namespace KafkaNet.Broker.InterBroker;

/// <summary>
/// How a broker sends a request to another broker of the cluster on the inter-broker listener (transaction
/// markers to partition leaders, for instance). The cluster layer implements it over its node clients.
/// </summary>
public interface IInterBrokerChannel
{
    /// <summary>Sends <paramref name="request"/> to broker <paramref name="brokerId"/> and returns its response.</summary>
    /// <exception cref="InvalidOperationException">The broker is not known to the metadata.</exception>
    Task<TResponse> SendAsync<TResponse>(int brokerId, IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>;
}
