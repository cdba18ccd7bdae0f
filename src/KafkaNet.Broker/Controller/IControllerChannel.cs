using KafkaNet.Protocol;

namespace KafkaNet.Broker.Controller;

/// <summary>
/// How a broker reaches the active controller: requests the controller owns (CreateTopics, configs,
/// BrokerRegistration, BrokerHeartbeat, AlterPartition...) go there whole, as Kafka forwards them, and
/// the controller's response comes back once the change is committed to the metadata log.
/// </summary>
public interface IControllerChannel
{
    /// <summary>
    /// Sends <paramref name="request"/> to the active controller and returns its response. Implementations
    /// retry on their own while no controller is known or the controller moved.
    /// </summary>
    /// <summary>
    /// True while what is sent here is served by this node's own controller (it leads the quorum, or the controller is
    /// in process); false while it goes to another node's, which then charges controller_mutation_rate for the client.
    /// </summary>
    bool IsLocal => true;

    Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>;
}
