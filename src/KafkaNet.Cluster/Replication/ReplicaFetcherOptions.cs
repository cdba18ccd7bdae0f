using KafkaNet.Storage;

namespace KafkaNet.Cluster.Replication;

/// <summary>Settings of a <see cref="ReplicaFetcherManager"/>; names and defaults are Kafka's replica.fetch.* configs.</summary>
public sealed class ReplicaFetcherOptions
{
    /// <summary>This broker's node id, sent as the replica id of every fetch.</summary>
    public int LocalNodeId { get; set; }

    /// <summary>This broker's registration epoch, sent in ReplicaState (KIP-903); -1 when not registered.</summary>
    public Func<long> BrokerEpoch { get; set; } = static () => -1;

    /// <summary>replica.fetch.max.bytes: bytes asked per partition.</summary>
    public int ReplicaFetchMaxBytes { get; set; } = 1048576;

    /// <summary>replica.fetch.response.max.bytes: bytes asked per response.</summary>
    public int ReplicaFetchResponseMaxBytes { get; set; } = 10485760;

    /// <summary>replica.fetch.wait.max.ms: how long the leader may hold a fetch for data.</summary>
    public int ReplicaFetchWaitMaxMs { get; set; } = 500;

    /// <summary>replica.fetch.min.bytes: the bytes the leader waits for.</summary>
    public int ReplicaFetchMinBytes { get; set; } = 1;

    /// <summary>replica.fetch.backoff.ms: the pause after a failed fetch or a partition error.</summary>
    public int ReplicaFetchBackoffMs { get; set; } = 1000;

    /// <summary>num.replica.fetchers: fetch loops per leader; partitions are spread over them by hash.</summary>
    public int NumReplicaFetchers { get; set; } = 1;

    /// <summary>The Fetch version sent (15 or later carries ReplicaState).</summary>
    public short FetchVersion { get; set; } = 17;

    /// <summary>TLS and SASL to the leaders (security.inter.broker.protocol); null fetches in PLAINTEXT.</summary>
    public Network.NodeClientSecurity? Security { get; set; }

    /// <summary>
    /// When set, truncations go through it (<see cref="LogManager.TruncateTo"/>), so the checkpoints are written at
    /// once; otherwise the log is truncated directly.
    /// </summary>
    public LogManager? LogManager { get; set; }
}
