using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Network;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// Where to reach another broker on the inter-broker listener, from the registrations in the metadata
/// image (fenced brokers included: a partition may still name one as leader until the controller moves it).
/// </summary>
internal sealed class BrokerDirectory(Func<MetadataImage> image, string listenerName)
{
    public NodeAddress? Resolve(int brokerId)
    {
        if (!image().Brokers.TryGetValue(brokerId, out var registration))
        {
            return null;
        }
        var endpoint = registration.Endpoints.TryGetValue(listenerName, out var named)
            ? named
            : registration.Endpoints.Values.FirstOrDefault();
        return endpoint is null ? null : new NodeAddress(brokerId, endpoint.Host, endpoint.Port);
    }
}
