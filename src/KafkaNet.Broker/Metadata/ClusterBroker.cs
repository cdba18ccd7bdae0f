using System.Collections.Immutable;

namespace KafkaNet.Broker.Metadata;

/// <summary>A live broker as clients are told of it: its id, rack and client endpoints by listener name.</summary>
/// <param name="Endpoint">The endpoint reported when the listener a request arrived on is not known.</param>
public sealed record ClusterBroker(int Id, string? Rack, ImmutableSortedDictionary<string, BrokerEndpoint> Endpoints, BrokerEndpoint Endpoint)
{
    /// <summary>The endpoint of <paramref name="listener"/>, else <see cref="Endpoint"/>.</summary>
    public BrokerEndpoint EndpointFor(string? listener) =>
        listener is not null && Endpoints.TryGetValue(listener, out var endpoint) ? endpoint : Endpoint;
}
