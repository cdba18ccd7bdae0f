using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Shares;

public sealed partial class ShareCoordinatorState
{
    /// <summary>
    /// InitializeShareGroupState: a snapshot with the given state epoch and start offset and no batches. State
    /// already at that state epoch is kept and nothing is written; a lower state epoch than the stored one fails
    /// with FENCED_STATE_EPOCH.
    /// </summary>
    public ShareStateWriteResult Initialize(SharePartitionKey key, int stateEpoch, long startOffset)
    {
        _partitions.TryGetValue(key, out var entry);
        var error = Invalid(key) ?? (startOffset < -1 ? ErrorCode.InvalidRequest : (ErrorCode?)null) ?? Fenced(entry?.State, stateEpoch, int.MaxValue) ?? Unknown(key);
        if (error is { } failed) return ShareStateWriteResult.Failed(failed);
        if (entry is not null && entry.State.StateEpoch == stateEpoch) return new ShareStateWriteResult(ErrorCode.None, []);

        // Starting over drops the batches; the leader epoch stays, so an older leader remains fenced.
        var fresh = entry is null ? null : entry.State with { StartOffset = startOffset, StateBatches = [] };
        return Applied(ShareStateRecord.ForSnapshot(key, NextSnapshot(fresh, stateEpoch, entry?.State.LeaderEpoch ?? -1, startOffset, [])));
    }

    /// <summary>DeleteShareGroupState: tombstones for the snapshot and update keys; nothing for a partition with no state.</summary>
    public ShareStateWriteResult Delete(SharePartitionKey key)
    {
        if (Invalid(key) is { } invalid) return ShareStateWriteResult.Failed(invalid);
        if (!_partitions.ContainsKey(key)) return new ShareStateWriteResult(ErrorCode.None, []);
        return Applied(
            ShareStateRecord.Tombstone(ShareStateRecordType.ShareSnapshot, key),
            ShareStateRecord.Tombstone(ShareStateRecordType.ShareUpdate, key));
    }

    /// <summary>
    /// ReadShareGroupState: the merged state. A leader epoch below the stored one fails with FENCED_LEADER_EPOCH
    /// (-1 skips the check); a higher one is recorded with an update that changes nothing else.
    /// </summary>
    public ShareStateReadResult Read(SharePartitionKey key, int leaderEpoch)
    {
        _partitions.TryGetValue(key, out var entry);
        var error = Invalid(key) ?? (leaderEpoch == -1 ? null : Fenced(entry?.State, int.MaxValue, leaderEpoch)) ?? Unknown(key);
        if (error is { } failed) return new ShareStateReadResult(failed, null, []);
        if (entry is null) return new ShareStateReadResult(ErrorCode.None, new SharePartitionSnapshot(0, UninitializedStartOffset, []), []);

        IReadOnlyList<ShareStateRecord> records = [];
        if (leaderEpoch > entry.State.LeaderEpoch)
        {
            records = Applied(ShareStateRecord.ForUpdate(key, UpdateValue(entry.State.SnapshotEpoch, leaderEpoch, -1, []))).Records;
        }
        return new ShareStateReadResult(ErrorCode.None, Get(key)!.ToSnapshot(), records);
    }

    /// <summary>ReadShareGroupStateSummary: start offset, state epoch and leader epoch, without the batches.</summary>
    public ShareStateSummary ReadSummary(SharePartitionKey key)
    {
        var error = Invalid(key) ?? Unknown(key);
        if (error is { } failed) return new ShareStateSummary(failed, 0, UninitializedStartOffset, -1);
        var state = Get(key);
        return state is null
            ? new ShareStateSummary(ErrorCode.None, 0, UninitializedStartOffset, -1)
            : new ShareStateSummary(ErrorCode.None, state.StateEpoch, state.StartOffset, state.LeaderEpoch, DeliveryComplete(state));
    }

    /// <summary>Offsets at or after the start offset that are done with: counted from the stored batches, which are exact.</summary>
    private static int DeliveryComplete(PersistedShareState state)
    {
        long complete = 0;
        foreach (var batch in state.StateBatches)
        {
            if (batch.DeliveryState is not (RecordDeliveryState.Acknowledged or RecordDeliveryState.Archived) || batch.LastOffset < state.StartOffset) continue;
            complete += batch.LastOffset - Math.Max(batch.FirstOffset, state.StartOffset) + 1;
        }
        return (int)Math.Min(complete, int.MaxValue);
    }
}
