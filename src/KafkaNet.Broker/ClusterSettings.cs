namespace KafkaNet.Broker;

/// <summary>
/// The KRaft and replication settings of a node, typed and validated (names follow Kafka's server.properties).
/// With neither controller.quorum.voters nor controller.quorum.bootstrap.servers set, the node is a standalone
/// combined broker and controller that forms a quorum of one with itself.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>process.roles.</summary>
    public ProcessRoles Roles { get; set; } = ProcessRoles.Broker | ProcessRoles.Controller;

    /// <summary>node.id.</summary>
    public int NodeId { get; set; } = 1;

    /// <summary>controller.quorum.voters: the static voter set, empty when the quorum is bootstrapped dynamically.</summary>
    public IReadOnlyList<ControllerQuorumVoter> Voters { get; set; } = [];

    /// <summary>controller.quorum.bootstrap.servers: controller addresses to discover a dynamic quorum through.</summary>
    public IReadOnlyList<BrokerEndpoint> BootstrapServers { get; set; } = [];

    /// <summary>controller.listener.names, upper-case; the first is the one controllers are reached on.</summary>
    public IReadOnlyList<string> ControllerListenerNames { get; set; } = [];

    /// <summary>inter.broker.listener.name, resolved to an advertised listener.</summary>
    public string InterBrokerListenerName { get; set; } = "PLAINTEXT";

    /// <summary>broker.rack.</summary>
    public string? Rack { get; set; }

    /// <summary>default.replication.factor.</summary>
    public short DefaultReplicationFactor { get; set; } = 1;

    /// <summary>min.insync.replicas: the broker-wide default of the topic config.</summary>
    public int MinInsyncReplicas { get; set; } = 1;

    /// <summary>unclean.leader.election.enable: the broker-wide default of the topic config.</summary>
    public bool UncleanLeaderElectionEnable { get; set; }

    /// <summary>replica.lag.time.max.ms: a follower that has not caught up for this long leaves the ISR.</summary>
    public long ReplicaLagTimeMaxMs { get; set; } = 30000;

    /// <summary>replica.fetch.max.bytes: bytes per partition a follower asks for.</summary>
    public int ReplicaFetchMaxBytes { get; set; } = 1048576;

    /// <summary>replica.fetch.wait.max.ms: how long a follower's fetch may wait on the leader.</summary>
    public int ReplicaFetchWaitMaxMs { get; set; } = 500;

    /// <summary>replica.fetch.min.bytes: bytes a follower's fetch waits for.</summary>
    public int ReplicaFetchMinBytes { get; set; } = 1;

    /// <summary>
    /// replica.selector.class (KIP-392): null, the default, lets consumers read from leaders only;
    /// <see cref="Replication.ReplicaSelector.RackAwareClassName"/> points consumers that name their rack to a replica in it.
    /// </summary>
    public string? ReplicaSelectorClass { get; set; }

    /// <summary>num.replica.fetchers: fetcher threads per source broker.</summary>
    public int NumReplicaFetchers { get; set; } = 1;

    /// <summary>broker.session.timeout.ms: the controller fences a broker silent for this long.</summary>
    public int BrokerSessionTimeoutMs { get; set; } = 9000;

    /// <summary>broker.heartbeat.interval.ms.</summary>
    public int BrokerHeartbeatIntervalMs { get; set; } = 2000;

    /// <summary>auto.leader.rebalance.enable.</summary>
    public bool AutoLeaderRebalanceEnable { get; set; } = true;

    /// <summary>leader.imbalance.check.interval.seconds.</summary>
    public long LeaderImbalanceCheckIntervalSeconds { get; set; } = 300;

    /// <summary>leader.imbalance.per.broker.percentage.</summary>
    public int LeaderImbalancePerBrokerPercentage { get; set; } = 10;

    /// <summary>controller.quorum.election.timeout.ms.</summary>
    public int ControllerQuorumElectionTimeoutMs { get; set; } = 1000;

    /// <summary>controller.quorum.fetch.timeout.ms.</summary>
    public int ControllerQuorumFetchTimeoutMs { get; set; } = 2000;

    public bool IsBroker => Roles.HasFlag(ProcessRoles.Broker);

    public bool IsController => Roles.HasFlag(ProcessRoles.Controller);

    /// <summary>True when no quorum is configured: a single combined node that is its own only voter.</summary>
    public bool IsStandalone => Voters.Count == 0 && BootstrapServers.Count == 0;
}
