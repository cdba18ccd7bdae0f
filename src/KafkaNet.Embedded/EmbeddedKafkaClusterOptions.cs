using KafkaNet.Broker;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Embedded;

/// <summary>Settings of an <see cref="EmbeddedKafkaCluster"/>; the defaults favour quick tests.</summary>
public sealed class EmbeddedKafkaClusterOptions
{
    /// <summary>Root of the nodes' data directories (one per node below it); null takes a temporary one, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    public string ClusterId { get; init; } = "embedded-kafka-cluster";

    public TimeSpan ElectionTimeoutMin { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan ElectionTimeoutMax { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>broker.heartbeat.interval.ms.</summary>
    public int BrokerHeartbeatIntervalMs { get; init; } = 200;

    /// <summary>broker.session.timeout.ms: a killed broker is fenced after this long.</summary>
    public int BrokerSessionTimeoutMs { get; init; } = 2000;

    /// <summary>How long starting waits for every broker to be registered and unfenced.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// 0, the default: every node has the combined roles broker and controller and votes. More: that many nodes with
    /// only the controller role form the quorum (ids after the brokers'), and the brokers have only the broker role.
    /// </summary>
    public int DedicatedControllers { get; init; }

    /// <summary>How many recent metadata log entries a controller keeps for brokers without the controller role.</summary>
    public int MetadataFeedRetainedEntries { get; init; } = KafkaNet.Cluster.Observer.MetadataLogFeed.DefaultRetainedEntries;

    /// <summary>
    /// Whether each node serves /metrics and the health endpoints on a free loopback port (its
    /// <see cref="KafkaNet.Cluster.Node.KafkaNode.MetricsEndpoint"/>); off by default.
    /// </summary>
    public bool MetricsListeners { get; init; }

    /// <summary>Adjusts each node's broker options (node id and data directory are already set).</summary>
    public Action<BrokerOptions>? Configure { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
