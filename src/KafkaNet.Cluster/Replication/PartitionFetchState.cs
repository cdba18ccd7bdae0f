namespace KafkaNet.Cluster.Replication;

/// <summary>
/// One followed partition. Its fields change only under <see cref="Gate"/>, which is also held while a fetch
/// response is applied to the log, so a leader change or unfollow never overlaps an append.
/// </summary>
internal sealed class PartitionFetchState(string topic, int partition)
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public Guid TopicId { get; set; }

    public int LeaderId { get; set; }

    public int LeaderEpoch { get; set; }

    /// <summary>Bumped by every change of leader or epoch and by unfollowing: a response to an older one is dropped.</summary>
    public int Generation { get; set; }

    public FollowedPartitionStatus Status { get; set; }

    /// <summary>Stopwatch timestamp before which a delayed partition is not fetched.</summary>
    public long DelayedUntil { get; set; }

    public long FetchOffset { get; set; }

    public string? LastError { get; set; }

    public bool Removed { get; set; }

    public int FetcherIndex(int fetchers) => (int)((uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(Topic), Partition) % (uint)Math.Max(1, fetchers));

    public FollowedPartition Snapshot() => new(Topic, Partition, LeaderId, LeaderEpoch, FetchOffset, Status, LastError);
}
