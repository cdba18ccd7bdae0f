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

    private readonly BrokerOptions _options;
    private Snapshot? _local;
    private Snapshot? _published;

    /// <summary>
    /// A view of this broker alone, the controller it reports, until an image is published. Its
    /// endpoint is read from <paramref name="options"/> when asked for: a broker listening on port
    /// 0 learns its advertised port only after it starts.
    /// </summary>
    public ClusterView(BrokerOptions options, string listenerName = DefaultListener)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listenerName);
        _options = options;
        NodeId = options.NodeId;
        ListenerName = listenerName;
    }

    /// <summary>This broker's id.</summary>
    public int NodeId { get; }

    /// <summary>The listener whose endpoints clients are given.</summary>
    public string ListenerName { get; }

    /// <summary>The live brokers by id, in id order.</summary>
    public ImmutableSortedDictionary<int, ClusterBroker> Brokers => Current.Brokers;

    /// <summary>
    /// The controller id clients are told. KRaft brokers report a live broker, since clients send
    /// admin requests to a broker, never to a controller; Kafka picks one at random, this picks
    /// the lowest id so that answers do not change between requests. -1 when no broker is live.
    /// </summary>
    public int ControllerId => Current.ControllerId;

    /// <summary>True once a metadata image has been published.</summary>
    public bool FollowsImage => Volatile.Read(ref _published) is not null;

    private Snapshot Current => Volatile.Read(ref _published) ?? Local();

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
        Volatile.Write(ref _published, new Snapshot(live, live.Count > 0 ? live.Keys.First() : -1));
    }

    /// <summary>This broker alone, rebuilt only when its advertised endpoint or rack changed.</summary>
    private Snapshot Local()
    {
        var endpoint = _options.AdvertisedEndpoint;
        string? rack = _options.Rack;
        var local = Volatile.Read(ref _local);
        if (local is not null && local.Brokers.TryGetValue(NodeId, out var self) && ReferenceEquals(self.Endpoint, endpoint) && self.Rack == rack)
        {
            return local;
        }
        self = new ClusterBroker(NodeId, rack,
            ImmutableSortedDictionary.Create<string, BrokerEndpoint>(StringComparer.Ordinal).Add(ListenerName, endpoint), endpoint);
        local = new Snapshot(ImmutableSortedDictionary<int, ClusterBroker>.Empty.Add(NodeId, self), NodeId);
        Volatile.Write(ref _local, local);
        return local;
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
