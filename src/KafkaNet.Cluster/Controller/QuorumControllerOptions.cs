using KafkaNet.Broker;

namespace KafkaNet.Cluster.Controller;

/// <summary>The settings the active controller works with (names follow Kafka's server.properties).</summary>
public sealed class QuorumControllerOptions
{
    /// <summary>node.id of this controller.</summary>
    public int NodeId { get; set; } = 1;

    /// <summary>num.partitions: partitions of a topic created with -1.</summary>
    public int NumPartitions { get; set; } = 1;

    /// <summary>default.replication.factor: replicas of a topic created with -1.</summary>
    public short DefaultReplicationFactor { get; set; } = 1;

    /// <summary>broker.session.timeout.ms: a broker silent this long is fenced.</summary>
    public int BrokerSessionTimeoutMs { get; set; } = 9000;

    /// <summary>unclean.leader.election.enable: may a replica outside the ISR become leader.</summary>
    public bool UncleanLeaderElectionEnable { get; set; }

    /// <summary>How many producer ids one AllocateProducerIds hands out (Kafka's block size).</summary>
    public int ProducerIdBlockSize { get; set; } = 1000;

    /// <summary>The broker-wide topic config defaults, which CreateTopics v5+ reports.</summary>
    public IReadOnlyDictionary<string, string> TopicConfigDefaults { get; set; } = new Dictionary<string, string>();

    /// <summary>How often the active controller looks for expired broker sessions; 0 leaves it to <see cref="QuorumController.CheckSessionsAsync"/> callers.</summary>
    public int SessionCheckIntervalMs { get; set; } = 1000;

    /// <summary>auto.leader.rebalance.enable: the active controller moves leadership back to preferred replicas.</summary>
    public bool AutoLeaderRebalanceEnable { get; set; }

    /// <summary>leader.imbalance.check.interval.seconds: how often it looks; 0 leaves it to <see cref="QuorumController.CheckLeaderImbalanceAsync"/> callers.</summary>
    public long LeaderImbalanceCheckIntervalSeconds { get; set; } = 300;

    /// <summary>leader.imbalance.per.broker.percentage: the share of a broker's preferred partitions led elsewhere that it tolerates.</summary>
    public int LeaderImbalancePerBrokerPercentage { get; set; } = 10;

    /// <summary>
    /// The incarnation of the broker running in this process (combined roles), if any. Its registration replaces one
    /// of its node id at once: that one can only be an earlier run of this process, so its session is not awaited.
    /// </summary>
    public Guid? LocalBrokerIncarnation { get; set; }

    /// <summary>The cluster's id: a broker registering with another gets INCONSISTENT_CLUSTER_ID. Null accepts any.</summary>
    public string? ClusterId { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public static QuorumControllerOptions From(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new QuorumControllerOptions
        {
            NodeId = options.Cluster.NodeId,
            NumPartitions = options.NumPartitions,
            DefaultReplicationFactor = options.DefaultReplicationFactor,
            BrokerSessionTimeoutMs = options.Cluster.BrokerSessionTimeoutMs,
            UncleanLeaderElectionEnable = options.Cluster.UncleanLeaderElectionEnable,
            AutoLeaderRebalanceEnable = options.Cluster.AutoLeaderRebalanceEnable,
            LeaderImbalanceCheckIntervalSeconds = options.Cluster.LeaderImbalanceCheckIntervalSeconds,
            LeaderImbalancePerBrokerPercentage = options.Cluster.LeaderImbalancePerBrokerPercentage,
            TopicConfigDefaults = options.TopicConfigDefaults.AsReadOnly(),
        };
    }
}
