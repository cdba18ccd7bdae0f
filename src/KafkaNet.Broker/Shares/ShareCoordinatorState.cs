using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// The share coordinator's durable state, held in memory: per share-partition the latest snapshot with the
/// updates since merged in. It does no I/O: <see cref="Replay"/> loads records read from
/// <c>__share_group_state</c>, and every state-changing call returns the records to append, having already
/// replayed them, so replaying the records in order rebuilds the same state.
/// </summary>
public sealed partial class ShareCoordinatorState
{
    /// <summary>Kafka's <c>share.coordinator.snapshot.update.records.per.snapshot</c> default.</summary>
    public const int DefaultUpdateRecordsPerSnapshot = 500;

    /// <summary>Start offset and state epoch reported for a share-partition that has no state yet.</summary>
    public const long UninitializedStartOffset = -1;

    private readonly Dictionary<SharePartitionKey, Entry> _partitions = new();
    private readonly int _updateRecordsPerSnapshot;
    private readonly Func<Guid, int, bool> _partitionExists;

    /// <param name="updateRecordsPerSnapshot">Update records after which a write produces a full snapshot again.</param>
    /// <param name="partitionExists">Whether a topic id and partition exist; writes and reads of others fail
    /// with UNKNOWN_TOPIC_OR_PARTITION. Every partition exists when null.</param>
    public ShareCoordinatorState(int updateRecordsPerSnapshot = DefaultUpdateRecordsPerSnapshot, Func<Guid, int, bool>? partitionExists = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updateRecordsPerSnapshot);
        _updateRecordsPerSnapshot = updateRecordsPerSnapshot;
        _partitionExists = partitionExists ?? ((_, _) => true);
    }

    /// <summary>The share-partitions that have state.</summary>
    public IReadOnlyCollection<SharePartitionKey> Partitions => _partitions.Keys;

    /// <summary>The merged state of a share-partition, or null when it has none.</summary>
    public PersistedShareState? Get(SharePartitionKey key) => _partitions.TryGetValue(key, out var entry) ? entry.State : null;

    /// <summary>Update records replayed since the partition's last snapshot.</summary>
    public int UpdatesSinceSnapshot(SharePartitionKey key) => _partitions.TryGetValue(key, out var entry) ? entry.UpdatesSinceSnapshot : 0;

    /// <summary>
    /// Applies one record: a snapshot replaces the partition's state, an update merges over it (or starts it when
    /// there is none), and a tombstone of either type deletes it.
    /// </summary>
    public void Replay(ShareStateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Snapshot is { } snapshot)
        {
            _partitions[record.Key] = new Entry(FromSnapshot(snapshot), 0);
        }
        else if (record.Update is { } update)
        {
            _partitions[record.Key] = _partitions.TryGetValue(record.Key, out var entry)
                ? new Entry(Merge(entry.State, update), entry.UpdatesSinceSnapshot + 1)
                : new Entry(Merge(new PersistedShareState(update.SnapshotEpoch, 0, -1, UninitializedStartOffset, []), update), 1);
        }
        else
        {
            _partitions.Remove(record.Key);
        }
    }

    private static PersistedShareState FromSnapshot(ShareSnapshotValue value) =>
        new(value.SnapshotEpoch, value.StateEpoch, value.LeaderEpoch, value.StartOffset,
            ShareStateBatchMerger.Merge([], value.StateBatches.Select(b => Batch(b.FirstOffset, b.LastOffset, b.DeliveryState, b.DeliveryCount)).ToList(), value.StartOffset));

    /// <summary>An update leaves the state epoch alone; -1 for its start offset or leader epoch means unchanged.</summary>
    private static PersistedShareState Merge(PersistedShareState current, ShareUpdateValue update)
    {
        long startOffset = update.StartOffset == -1 ? current.StartOffset : update.StartOffset;
        int leaderEpoch = update.LeaderEpoch == -1 ? current.LeaderEpoch : update.LeaderEpoch;
        var newer = update.StateBatches.Select(b => Batch(b.FirstOffset, b.LastOffset, b.DeliveryState, b.DeliveryCount)).ToList();
        return current with
        {
            LeaderEpoch = leaderEpoch,
            StartOffset = startOffset,
            StateBatches = ShareStateBatchMerger.Merge(current.StateBatches, newer, startOffset),
        };
    }

    private static ShareStateBatch Batch(long first, long last, sbyte state, short count) =>
        new(first, last, (RecordDeliveryState)(byte)state, count);

    private static ErrorCode? Invalid(SharePartitionKey key) =>
        string.IsNullOrEmpty(key.GroupId) || key.TopicId == Guid.Empty || key.Partition < 0 ? ErrorCode.InvalidRequest : null;

    private sealed record Entry(PersistedShareState State, int UpdatesSinceSnapshot);
}
