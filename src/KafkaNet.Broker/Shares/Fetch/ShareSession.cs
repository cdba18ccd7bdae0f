namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// One member's share session (KIP-932): the partitions it fetches from, in the order they were added, the epoch
/// its next request must carry, and the connection that opened it (closing that connection ends the session).
/// Guarded by the owning <see cref="ShareSessionCache"/>.
/// </summary>
public sealed class ShareSession
{
    private readonly List<ShareTopicPartition> _partitions = [];

    internal ShareSession(ShareSessionKey key, string connectionId)
    {
        Key = key;
        ConnectionId = connectionId;
        NextEpoch = 1;
    }

    public ShareSessionKey Key { get; }

    public string ConnectionId { get; }

    /// <summary>The epoch the member's next request must carry.</summary>
    public int NextEpoch { get; private set; }

    public IReadOnlyList<ShareTopicPartition> Partitions => _partitions;

    internal void Add(ShareTopicPartition partition)
    {
        if (!_partitions.Contains(partition)) _partitions.Add(partition);
    }

    internal void Forget(ShareTopicPartition partition) => _partitions.Remove(partition);

    /// <summary>Epochs count up from 1 and wrap back to 1, never reaching 0 (open) or -1 (close).</summary>
    internal void Advance() => NextEpoch = NextEpoch == int.MaxValue ? 1 : NextEpoch + 1;
}
