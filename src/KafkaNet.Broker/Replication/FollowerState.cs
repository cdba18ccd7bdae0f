namespace KafkaNet.Broker.Replication;

/// <summary>What the leader knows of one follower of a partition, from its fetches.</summary>
internal sealed class FollowerState
{
    /// <summary>Unknown until the follower's first fetch under this leader epoch, as Kafka resets it.</summary>
    public long LogEndOffset { get; set; } = -1;

    public long LastFetchTimeMs { get; set; }

    /// <summary>
    /// The last time the follower had everything the leader had: the time of a fetch at the leader's log end, or
    /// the time of the previous fetch when this one reached the log end the leader had then (Kafka's rule).
    /// </summary>
    public long LastCaughtUpTimeMs { get; set; }

    /// <summary>The leader's log end offset at the follower's previous fetch.</summary>
    public long LastFetchLeaderLogEndOffset { get; set; } = -1;

    /// <summary>The broker epoch the follower sent (v15+), -1 when unknown.</summary>
    public long BrokerEpoch { get; set; } = -1;

    public void Fetched(long fetchOffset, long leaderLogEndOffset, long brokerEpoch, long nowMs)
    {
        if (fetchOffset >= leaderLogEndOffset)
        {
            LastCaughtUpTimeMs = Math.Max(LastCaughtUpTimeMs, nowMs);
        }
        else if (fetchOffset >= LastFetchLeaderLogEndOffset && LastFetchLeaderLogEndOffset >= 0)
        {
            LastCaughtUpTimeMs = Math.Max(LastCaughtUpTimeMs, LastFetchTimeMs);
        }
        LogEndOffset = fetchOffset;
        LastFetchLeaderLogEndOffset = leaderLogEndOffset;
        LastFetchTimeMs = nowMs;
        if (brokerEpoch >= 0)
        {
            BrokerEpoch = brokerEpoch;
        }
    }
}
