using System.Collections.Immutable;

namespace KafkaNet.Broker.Metadata;

/// <summary>A broker as the metadata log registers it.</summary>
public sealed record BrokerRegistration(
    int Id,
    long Epoch,
    Guid IncarnationId,
    ImmutableDictionary<string, ListenerEndpoint> Endpoints,
    ImmutableDictionary<string, SupportedFeatureRange> Features,
    string? Rack,
    bool Fenced,
    bool InControlledShutdown);
