using System.Collections.Immutable;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// The cluster as this broker reports it to clients: the live brokers and the controller id.
/// A single node reports itself; once a metadata image is published, the image's registered,
/// unfenced brokers. Readers take one immutable snapshot without locking.
/// </summary>
public sealed class ClusterView
{
    /// <summary>The listener name whose endpoint is reported when a request's listener is not known.</summary>
    public const string DefaultListener = "PLAINTEXT";

    private Snapshot _snapshot;

    /// <summary>A view of one broker alone, which is also the controller it reports.</summary>
    public ClusterView(int nodeId, string? rack, BrokerEndpoint advertisedEndpoint, string listenerName = DefaultListener)
    {
        ArgumentNullException.ThrowIfNull(advertisedEndpoint);
        ArgumentNullException.ThrowIfNull(listenerName);
        NodeId = nodeId;
        ListenerName = listenerName;
        var self = new ClusterBroker(nodeId, rack,
            ImmutableSortedDictionary.Create<string, BrokerEndpoint>(StringComparer.Ordinal).Add(listenerName, advertisedEndpoint),
            advertisedEndpoint);
        _snapshot = new Snapshot(ImmutableSortedDictionary<int, ClusterBroker>.Empty.Add(nodeId, self), nodeId);
    }

    /// <summary>This broker's id.</summary>
    public int NodeId { get; }

    /// <summary>The listener whose endpoints clients are given.</summary>
    public string ListenerName { get; }

    /// <summary>The live brokers by id, in id order.</summary>
    public ImmutableSortedDictionary<int, ClusterBroker> Brokers => Volatile.Read(ref _snapshot).Brokers;

    /// <summary>
    /// The controller id clients are told. KRaft brokers report a live broker, since clients send
    /// admin requests to a broker, never to a controller; Kafka picks one at random, this picks
    /// the lowest id so that answers do not change between requests. -1 when no broker is live.
    /// </summary>
    public int ControllerId => Volatile.Read(ref _snapshot).ControllerId;

    /// <summary>A live broker, or null when <paramref name="brokerId"/> is not live.</summary>
    public ClusterBroker? Find(int brokerId) => Brokers.GetValueOrDefault(brokerId);

    /// <summary>Replaces the brokers with the image's registered, unfenced ones.</summary>
    public void Publish(MetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var brokers = ImmutableSortedDictionary.CreateBuilder<int, ClusterBroker>();
        foreach (var registration in update.Image.Brokers.Values)
        {
            if (!registration.Fenced && ToClusterBroker(registration) is { } broker)
            {
                brokers.Add(broker.Id, broker);
            }
        }
        var live = brokers.ToImmutable();
        Volatile.Write(ref _snapshot, new Snapshot(live, live.Count > 0 ? live.Keys.First() : -1));
    }

    /// <summary>The broker with its endpoints; null when it registered none (nothing to connect to).</summary>
    private ClusterBroker? ToClusterBroker(BrokerRegistration registration)
    {
        var endpoints = registration.Endpoints.Values.ToImmutableSortedDictionary(
            e => e.Listener, e => new BrokerEndpoint(e.Host, e.Port), StringComparer.Ordinal);
        if (endpoints.IsEmpty)
        {
            return null;
        }
        var reported = endpoints.TryGetValue(ListenerName, out var preferred) ? preferred : endpoints.First().Value;
        return new ClusterBroker(registration.Id, registration.Rack, endpoints, reported);
    }

    private sealed record Snapshot(ImmutableSortedDictionary<int, ClusterBroker> Brokers, int ControllerId);
}
