using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Network;

/// <summary>Somewhere to send a request and await its response, as the SASL exchange needs before anything else.</summary>
internal interface IRequestChannel
{
    Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>;
}
