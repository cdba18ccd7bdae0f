namespace KafkaNet.Broker.Shares;

/// <summary>
/// What the share coordinator holds for one share-partition after replaying its records: the latest snapshot
/// with every later update merged in. <see cref="SnapshotEpoch"/> counts the snapshots written since the state
/// was created; <see cref="StateBatches"/> are ascending, disjoint and at or above <see cref="StartOffset"/>.
/// </summary>
public sealed record PersistedShareState(int SnapshotEpoch, int StateEpoch, int LeaderEpoch, long StartOffset, IReadOnlyList<ShareStateBatch> StateBatches)
{
    /// <summary>The state as ReadShareGroupState answers it and a share-partition loads it.</summary>
    public SharePartitionSnapshot ToSnapshot() => new(StateEpoch, StartOffset, StateBatches);

    public bool Equals(PersistedShareState? other) =>
        other is not null && SnapshotEpoch == other.SnapshotEpoch && StateEpoch == other.StateEpoch &&
        LeaderEpoch == other.LeaderEpoch && StartOffset == other.StartOffset && StateBatches.SequenceEqual(other.StateBatches);

    public override int GetHashCode() => HashCode.Combine(SnapshotEpoch, StateEpoch, LeaderEpoch, StartOffset, StateBatches.Count);
}
