using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

public sealed partial class ShareCoordinatorState
{
    /// <summary>
    /// WriteShareGroupState for one share-partition. The first write, a write with a new state epoch, and the
    /// write after <c>share.coordinator.snapshot.update.records.per.snapshot</c> updates produce a full snapshot
    /// (the merged state); any other write produces an update holding just the given batches. A start offset or
    /// leader epoch of -1 keeps the stored one. Fails with INVALID_REQUEST for a missing topic id or a negative
    /// partition, FENCED_LEADER_EPOCH or FENCED_STATE_EPOCH below the stored epoch, and
    /// UNKNOWN_TOPIC_OR_PARTITION for a partition that does not exist.
    /// </summary>
    public ShareStateWriteResult Write(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches)
    {
        ArgumentNullException.ThrowIfNull(stateBatches);
        _partitions.TryGetValue(key, out var entry);
        var error = Invalid(key) ?? InvalidState(startOffset, stateBatches) ?? Fenced(entry?.State, stateEpoch, leaderEpoch) ?? Unknown(key);
        if (error is { } failed) return ShareStateWriteResult.Failed(failed);

        var record = entry is null || stateEpoch > entry.State.StateEpoch || entry.UpdatesSinceSnapshot >= _updateRecordsPerSnapshot
            ? ShareStateRecord.ForSnapshot(key, NextSnapshot(entry?.State, stateEpoch, leaderEpoch, startOffset, stateBatches))
            : ShareStateRecord.ForUpdate(key, UpdateValue(entry.State.SnapshotEpoch, leaderEpoch, startOffset, stateBatches));
        return Applied(record);
    }

    /// <summary>
    /// INVALID_REQUEST for state that no share-partition leader writes: a start offset below -1 (-1 keeps the stored
    /// one), or a batch that is empty, below offset 0, with a negative delivery count or an unknown delivery state.
    /// </summary>
    private static ErrorCode? InvalidState(long startOffset, IReadOnlyList<ShareStateBatch> stateBatches)
    {
        if (startOffset < -1) return ErrorCode.InvalidRequest;
        foreach (var batch in stateBatches)
        {
            bool knownState = batch.DeliveryState is RecordDeliveryState.Available or RecordDeliveryState.Acquired
                or RecordDeliveryState.Acknowledged or RecordDeliveryState.Archiving or RecordDeliveryState.Archived;
            if (!knownState || batch.FirstOffset < 0 || batch.FirstOffset > batch.LastOffset || batch.DeliveryCount < 0) return ErrorCode.InvalidRequest;
        }
        return null;
    }

    private ShareStateWriteResult Applied(params ShareStateRecord[] records)
    {
        foreach (var record in records) Replay(record);
        return new ShareStateWriteResult(ErrorCode.None, records);
    }

    private static ErrorCode? Fenced(PersistedShareState? current, int stateEpoch, int leaderEpoch) =>
        current is null ? null
        : current.LeaderEpoch > leaderEpoch ? ErrorCode.FencedLeaderEpoch
        : current.StateEpoch > stateEpoch ? ErrorCode.FencedStateEpoch
        : null;

    private ErrorCode? Unknown(SharePartitionKey key) =>
        _partitionExists(key.TopicId, key.Partition) ? null : ErrorCode.UnknownTopicOrPartition;

    /// <summary>The whole state after this write, under the next snapshot epoch (0 for the first snapshot).</summary>
    private static ShareSnapshotValue NextSnapshot(PersistedShareState? current, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches)
    {
        long newStart = startOffset == -1 && current is not null ? current.StartOffset : startOffset;
        var value = new ShareSnapshotValue
        {
            SnapshotEpoch = current is null ? (ushort)0 : unchecked((ushort)(current.SnapshotEpoch + 1)),
            StateEpoch = stateEpoch,
            LeaderEpoch = leaderEpoch == -1 && current is not null ? current.LeaderEpoch : leaderEpoch,
            StartOffset = newStart,
        };
        foreach (var batch in ShareStateBatchMerger.Merge(current?.StateBatches ?? [], stateBatches, newStart))
        {
            value.StateBatches.Add(new ShareSnapshotValue.StateBatch
            {
                FirstOffset = batch.FirstOffset, LastOffset = batch.LastOffset,
                DeliveryState = (sbyte)batch.DeliveryState, DeliveryCount = batch.DeliveryCount,
            });
        }
        return value;
    }

    private static ShareUpdateValue UpdateValue(int snapshotEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches)
    {
        var value = new ShareUpdateValue { SnapshotEpoch = (ushort)snapshotEpoch, LeaderEpoch = leaderEpoch, StartOffset = startOffset };
        foreach (var batch in ShareStateBatchMerger.Merge([], stateBatches, startOffset))
        {
            value.StateBatches.Add(new ShareUpdateValue.StateBatch
            {
                FirstOffset = batch.FirstOffset, LastOffset = batch.LastOffset,
                DeliveryState = (sbyte)batch.DeliveryState, DeliveryCount = batch.DeliveryCount,
            });
        }
        return value;
    }
}
