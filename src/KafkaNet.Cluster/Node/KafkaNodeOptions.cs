using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// Settings of one node with the combined roles broker and controller. The broker's settings carry the
/// cluster ones (<see cref="ClusterSettings.Voters"/>, heartbeat interval, session timeout); this node's
/// voter entry is the controller listener.
/// </summary>
public sealed class KafkaNodeOptions
{
    /// <summary>The broker's settings; its node id must be one of the voters.</summary>
    public BrokerOptions Broker { get; init; } = new();

    /// <summary>Address the client listener binds; null binds every interface.</summary>
    public string? ClientListenHost { get; init; } = "127.0.0.1";

    /// <summary>Port of the client listener; 0 picks a free one (then advertised as bound).</summary>
    public int ClientPort { get; init; }

    /// <summary>Name of the client listener, as registered with the controller.</summary>
    public string ClientListenerName { get; init; } = "PLAINTEXT";

    /// <summary>
    /// TLS and SASL of this node's connections to other brokers (replica fetchers, transaction markers and other
    /// inter-broker requests), matching the registered listener; null connects in PLAINTEXT.
    /// </summary>
    public Network.NodeClientSecurity? InterBrokerSecurity { get; init; }

    /// <summary>
    /// TLS and SASL of this node's connections to controllers, as the controller listener wants them: registering,
    /// heartbeating and forwarding to the active controller, fetching the metadata log, and Raft between controllers;
    /// null connects in PLAINTEXT.
    /// </summary>
    public Network.NodeClientSecurity? ControllerSecurity { get; init; }

    /// <summary>Puts TLS in front of the controller listener (an SSL or SASL_SSL one); null serves it in the clear.</summary>
    public Action<ListenOptions>? ControllerListenerTls { get; init; }

    /// <summary>The controller listener's name and how its connections authenticate; null: PLAINTEXT, named CONTROLLER.</summary>
    public Quorum.Transport.ControllerListenerAuthentication? ControllerListenerAuthentication { get; init; }

    /// <summary>
    /// Binds the client listeners (each with the Kafka handler, TLS where wanted) in place of
    /// <see cref="ClientListenHost"/> and <see cref="ClientPort"/>; the first bound address is the advertised port when that is 0.
    /// </summary>
    public Action<KestrelServerOptions>? ConfigureClientListeners { get; init; }

    /// <summary>
    /// Whether the controller listener is bound. A node that is the quorum's only voter and has no controller listener
    /// configured needs none: its quorum never leaves the process.
    /// </summary>
    public bool ListenForControllers { get; init; } = true;

    /// <summary>Address the controller listener binds; null binds the host of this node's voter entry.</summary>
    public string? ControllerListenHost { get; init; }

    /// <summary>Port of the controller listener; 0 takes the port of this node's voter entry.</summary>
    public int ControllerPort { get; init; }

    /// <summary>
    /// In a dynamic quorum: the host other controllers reach this one's controller listener on (it has no entry in
    /// controller.quorum.voters to take it from); defaults to <see cref="ControllerListenHost"/>, else 127.0.0.1.
    /// </summary>
    public string? ControllerAdvertisedHost { get; init; }

    /// <summary>Lower bound of the quorum's randomized election timeout.</summary>
    public TimeSpan ElectionTimeoutMin { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Upper bound of the quorum's randomized election timeout.</summary>
    public TimeSpan ElectionTimeoutMax { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>Timeout of one Raft request to a peer.</summary>
    public TimeSpan QuorumRequestTimeout { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>How long a request forwarded to the controller may keep retrying while no controller answers.</summary>
    public TimeSpan ControllerRequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a controlled shutdown may wait for the controller to move leadership away.</summary>
    public TimeSpan ControlledShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With the controller role: how many recent metadata log entries are kept for brokers without the controller role;
    /// a broker further behind loads a snapshot first.
    /// </summary>
    public int MetadataFeedRetainedEntries { get; init; } = Observer.MetadataLogFeed.DefaultRetainedEntries;

    /// <summary>
    /// metrics.listener: the http://host:port address of the HTTP listener serving /metrics (Prometheus text format),
    /// /health/live and /health/ready; null, the default, serves none. Port 0 picks a free one (<see cref="KafkaNode.MetricsEndpoint"/>).
    /// </summary>
    public Uri? MetricsListener { get; init; }

    /// <summary>
    /// console.enabled: whether the metrics listener also serves the web console under /console (and its JSON API
    /// under /console/api), on a node with the broker role; off by default, and nothing without a metrics listener.
    /// </summary>
    public bool WebConsole { get; init; }

    /// <summary>The broker's handlers; null takes <see cref="KafkaBroker.DefaultHandlers"/>. Controller APIs are added.</summary>
    public IEnumerable<IApiHandler>? Handlers { get; init; }
}
