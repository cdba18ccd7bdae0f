namespace KafkaNet.Cluster.Replication;

/// <summary>Where a followed partition stands in its fetch loop.</summary>
public enum FollowedPartitionStatus
{
    /// <summary>In every fetch of its loop.</summary>
    Fetching,

    /// <summary>Left out of fetches until its backoff ends (a retriable error).</summary>
    Delayed,

    /// <summary>Fenced by the leader: left out until followed again with a newer leader epoch.</summary>
    Paused,

    /// <summary>The local log refused the leader's data, or is missing: left out until followed with a newer epoch.</summary>
    Failed,
}
