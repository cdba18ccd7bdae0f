namespace KafkaNet.Broker.Shares;

public sealed partial class SharePartition
{
    /// <summary>
    /// Loads a share-partition from its persisted state. Records persisted as acquired become available
    /// again with their delivery count kept (their lock did not survive); offsets between batches are
    /// available and never delivered; a completed prefix moves the start offset on.
    /// </summary>
    public SharePartition(SharePartitionSnapshot snapshot, SharePartitionConfig? config = null,
        Action<IReadOnlyList<ArchivedRecords>>? onArchived = null)
        : this(RequireSnapshot(snapshot).StartOffset, config, onArchived, snapshot.StateEpoch)
    {
        var batches = snapshot.StateBatches;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            var state = batch.DeliveryState switch
            {
                RecordDeliveryState.Acquired => RecordDeliveryState.Available,
                RecordDeliveryState.Available or RecordDeliveryState.Acknowledged or RecordDeliveryState.Archiving or RecordDeliveryState.Archived => batch.DeliveryState,
                _ => throw new ArgumentException($"Unknown delivery state {(byte)batch.DeliveryState}.", nameof(snapshot)),
            };
            if (batch.FirstOffset > batch.LastOffset || batch.DeliveryCount < 0 || (i > 0 && batch.FirstOffset <= batches[i - 1].LastOffset))
                throw new ArgumentException("State batches must be non-empty, ascending and not overlapping.", nameof(snapshot));
            // A window is never written this wide; state that claims more (written by hand over WriteShareGroupState)
            // is cut, and what lies past the cut is offered again as never delivered rather than held in memory.
            long last = Math.Min(batch.LastOffset, StartOffset + MaxLoadedWindow - 1);
            for (var offset = Math.Max(batch.FirstOffset, StartOffset); offset <= last; offset++)
            {
                while (EndOffset < offset) _window.Append(new InFlightRecord { State = RecordDeliveryState.Available });
                _window.Append(new InFlightRecord
                {
                    State = state, DeliveryCount = batch.DeliveryCount, DeadLetterInDoubt = state == RecordDeliveryState.Archiving,
                });
            }
        }
        _window.TrimCompletePrefix();
    }

    /// <summary>The most offsets a load from persisted state puts in the window (a few MiB of in-flight records).</summary>
    public const long MaxLoadedWindow = 1 << 16;

    /// <summary>
    /// The state to persist: start offset, state epoch and the in-flight runs of equal state and delivery count,
    /// leaving out records that are available and never delivered (they load back the same way).
    /// </summary>
    public SharePartitionSnapshot ToSnapshot()
    {
        var runs = new RunBuilder<(RecordDeliveryState State, short DeliveryCount)>();
        for (var offset = StartOffset; offset < EndOffset; offset++)
        {
            ref var record = ref _window.At(offset);
            if (record.State == RecordDeliveryState.Available && record.DeliveryCount == 0) continue;
            runs.Add(offset, (record.State, record.DeliveryCount));
        }
        var batches = new ShareStateBatch[runs.Count];
        for (var i = 0; i < batches.Length; i++)
        {
            var (first, last, (state, count)) = runs[i];
            batches[i] = new ShareStateBatch(first, last, state, count);
        }
        return new SharePartitionSnapshot(StateEpoch, StartOffset, batches);
    }

    private static SharePartitionSnapshot RequireSnapshot(SharePartitionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot;
    }
}
