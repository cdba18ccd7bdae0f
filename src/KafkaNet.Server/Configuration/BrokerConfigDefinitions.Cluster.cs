namespace KafkaNet.Server.Configuration;

/// <summary>The KRaft quorum, broker lifecycle and replication rows of the configuration table.</summary>
public static partial class BrokerConfigDefinitions
{
    // ---- KRaft quorum ----
    public static readonly ConfigDefinition ControllerQuorumBootstrapServers = Define(
        "controller.quorum.bootstrap.servers", ConfigType.List, "",
        "host:port addresses of controllers through which a node discovers a dynamic quorum; an alternative to controller.quorum.voters.",
        ListenerValidators.HostPorts());

    public static readonly ConfigDefinition ControllerQuorumElectionTimeoutMs = Define(
        "controller.quorum.election.timeout.ms", ConfigType.Int, "1000",
        "Milliseconds a candidate waits for votes before it starts a new election.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ControllerQuorumFetchTimeoutMs = Define(
        "controller.quorum.fetch.timeout.ms", ConfigType.Int, "2000",
        "Milliseconds a voter goes without hearing from the leader before it becomes a candidate.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition BrokerSessionTimeoutMs = Define(
        "broker.session.timeout.ms", ConfigType.Int, "9000",
        "Milliseconds without a heartbeat after which the active controller fences a broker.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition BrokerHeartbeatIntervalMs = Define(
        "broker.heartbeat.interval.ms", ConfigType.Int, "2000",
        "Milliseconds between a broker's heartbeats to the active controller.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition BrokerRack = Define(
        "broker.rack", ConfigType.String, null,
        "The rack (or availability zone) of this broker, given to clients and used to spread replicas.");

    // ---- Replication ----
    public static readonly ConfigDefinition MinInsyncReplicas = Define(
        "min.insync.replicas", ConfigType.Int, "1",
        "Default for topics: the in-sync replicas an acks=all write needs, else it fails with NOT_ENOUGH_REPLICAS.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition UncleanLeaderElectionEnable = Define(
        "unclean.leader.election.enable", ConfigType.Boolean, "false",
        "Default for topics: let a replica outside the ISR become leader when no in-sync replica is left, at the cost of lost records.");

    public static readonly ConfigDefinition ReplicaLagTimeMaxMs = Define(
        "replica.lag.time.max.ms", ConfigType.Long, "30000",
        "A follower that has not fetched, or not caught up to the leader's log end, for this many milliseconds leaves the ISR.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ReplicaFetchMaxBytes = Define(
        "replica.fetch.max.bytes", ConfigType.Int, "1048576",
        "Bytes per partition a follower asks for in one fetch; a larger first batch is still returned whole.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition ReplicaFetchWaitMaxMs = Define(
        "replica.fetch.wait.max.ms", ConfigType.Int, "500",
        "The longest a follower's fetch waits on the leader for data; at most replica.lag.time.max.ms.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition ReplicaFetchMinBytes = Define(
        "replica.fetch.min.bytes", ConfigType.Int, "1",
        "The bytes a follower's fetch waits for before the leader answers, up to replica.fetch.wait.max.ms.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition NumReplicaFetchers = Define(
        "num.replica.fetchers", ConfigType.Int, "1",
        "Fetcher threads a follower runs per source broker.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ReplicaSelectorClass = Define(
        "replica.selector.class", ConfigType.String, null,
        "The replica a consumer reads from (KIP-392): unset, leaders only; org.apache.kafka.common.replica.RackAwareReplicaSelector sends consumers to an in-sync replica in their client.rack.",
        value => Broker.Replication.ReplicaSelector.IsKnown(value as string) ? null : $"Class {value} cannot be found");

    public static readonly ConfigDefinition AutoLeaderRebalanceEnable = Define(
        "auto.leader.rebalance.enable", ConfigType.Boolean, "true",
        "Move leadership back to each partition's preferred replica when brokers' leader counts drift apart.");

    public static readonly ConfigDefinition LeaderImbalanceCheckIntervalSeconds = Define(
        "leader.imbalance.check.interval.seconds", ConfigType.Long, "300",
        "Seconds between checks for partitions not led by their preferred replica.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition LeaderImbalancePerBrokerPercentage = Define(
        "leader.imbalance.per.broker.percentage", ConfigType.Int, "10",
        "The share, in percent, of a broker's partitions led elsewhere above which leadership is rebalanced.",
        ConfigValidators.All(ConfigValidators.AtLeast(0), ConfigValidators.AtMost(100)));
}
