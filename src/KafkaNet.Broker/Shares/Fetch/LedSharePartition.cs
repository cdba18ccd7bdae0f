namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// A share-partition this broker leads: its state, the leader epoch it was loaded under, and the gate that lets
/// one request (or the lock timer) at a time change and persist it.
/// </summary>
internal sealed class LedSharePartition
{
    private bool _archived;

    public LedSharePartition(SharePartitionKey key, int leaderEpoch, Func<Action<IReadOnlyList<ArchivedRecords>>, SharePartition> create)
    {
        Key = key;
        LeaderEpoch = leaderEpoch;
        State = create(_ => _archived = true);
    }

    public SharePartitionKey Key { get; }

    public int LeaderEpoch { get; }

    public SharePartition State { get; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>1 while a dead-letter drain runs for this partition (changed with Interlocked).</summary>
    public int Draining;

    /// <summary>True once after an operation archived records (a change to persist even when nothing else moved).</summary>
    public bool TakeArchived()
    {
        bool archived = _archived;
        _archived = false;
        return archived;
    }
}
