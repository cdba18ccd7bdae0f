namespace KafkaNet.Broker.Configs;

/// <summary>Whether, and at which level, a broker config may change at runtime (Kafka's "Dynamic Update Mode").</summary>
public enum DynamicUpdateMode
{
    /// <summary>Only in server.properties; a restart applies a change.</summary>
    ReadOnly,

    /// <summary>Per broker only (its resource name is the broker id), never as the cluster-wide default.</summary>
    PerBroker,

    /// <summary>Per broker or as the cluster-wide default (resource name "").</summary>
    ClusterWide,
}
