using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Metadata;

/// <summary>
/// Whether this node may serve a client's read or write of a partition, with Kafka's errors:
/// a partition it does not lead gets NOT_LEADER_OR_FOLLOWER; a current leader epoch sent by the
/// client is checked first (KIP-320), older than the partition's is FENCED_LEADER_EPOCH and
/// newer is UNKNOWN_LEADER_EPOCH. A partition with no replica here is not checked for epochs,
/// as Kafka has no local state to compare with.
/// </summary>
public static class Leadership
{
    /// <summary>The "no epoch" a client sends when it has none to check; any other value, even negative, is checked, as in Kafka.</summary>
    public const int NoEpoch = -1;

    /// <summary>
    /// NONE when this node leads the partition (or, with <paramref name="followerMayServe"/>, is any of its
    /// replicas: a consumer's fetch from a follower, KIP-392); NONE too when the topic has no such partition,
    /// which the caller reports as unknown. A follower checks the epoch against the leader epoch it knows.
    /// </summary>
    public static ErrorCode Check(int nodeId, TopicInfo topic, int partition, int currentLeaderEpoch = NoEpoch, bool followerMayServe = false)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Partition(partition) is not { } state)
        {
            return ErrorCode.None;
        }
        if (!state.Replicas.Contains(nodeId))
        {
            return ErrorCode.NotLeaderOrFollower;
        }
        if (currentLeaderEpoch != NoEpoch && currentLeaderEpoch != state.LeaderEpoch)
        {
            return currentLeaderEpoch < state.LeaderEpoch ? ErrorCode.FencedLeaderEpoch : ErrorCode.UnknownLeaderEpoch;
        }
        return state.Leader == nodeId || followerMayServe ? ErrorCode.None : ErrorCode.NotLeaderOrFollower;
    }

    /// <summary>The partition's leader epoch, or 0 (a single node's epoch) when the topic has no such partition.</summary>
    public static int LeaderEpoch(TopicInfo topic, int partition)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return topic.Partition(partition)?.LeaderEpoch ?? 0;
    }
}
