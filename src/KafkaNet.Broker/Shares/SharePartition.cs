namespace KafkaNet.Broker.Shares;

/// <summary>
/// The delivery state of one topic-partition for one share group: which records between the start offset
/// (SPSO) and the end offset (SPEO) are available, acquired by a member, acknowledged or archived, and how
/// often each was delivered. Pure state, no I/O: the caller fetches records from the log, passes the time in,
/// and persists <see cref="ToSnapshot"/>. Not thread-safe; the owner serializes calls.
/// </summary>
/// <remarks>
/// Archive events: every operation that archives records (reject, the delivery limit on release, timeout,
/// member release or acquisition) calls the <c>onArchived</c> callback once, after its state change, with the
/// archived runs in offset order. The callback must not call back into this partition. While
/// <see cref="DeadLettering"/> is on, archived records wait in the Archiving state for their dead-letter records.
/// </remarks>
public sealed partial class SharePartition
{
    private readonly SharePartitionConfig _config;
    private readonly InFlightWindow _window;
    private readonly Action<IReadOnlyList<ArchivedRecords>>? _onArchived;

    /// <summary>Starts an empty share-partition at <paramref name="startOffset"/>.</summary>
    public SharePartition(long startOffset, SharePartitionConfig? config = null,
        Action<IReadOnlyList<ArchivedRecords>>? onArchived = null, int stateEpoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        _config = config ?? new SharePartitionConfig();
        // Kafka's narrower ranges for these settings are enforced where group configs are set, not here.
        ArgumentOutOfRangeException.ThrowIfLessThan(_config.DeliveryCountLimit, 1, nameof(config));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_config.DeliveryCountLimit, short.MaxValue, nameof(config));
        ArgumentOutOfRangeException.ThrowIfLessThan(_config.RecordLockDurationMs, 1, nameof(config));
        ArgumentOutOfRangeException.ThrowIfLessThan(_config.MaxRecordLocks, 1, nameof(config));
        _window = new InFlightWindow(startOffset);
        _onArchived = onArchived;
        StateEpoch = stateEpoch;
    }

    public SharePartitionConfig Config => _config;

    /// <summary>The share-partition start offset (SPSO): every offset below it is acknowledged or archived.</summary>
    public long StartOffset => _window.StartOffset;

    /// <summary>The share-partition end offset (SPEO): one past the last offset ever fetched into the window.</summary>
    public long EndOffset => _window.EndOffset;

    /// <summary>The epoch of the persisted state this partition was loaded from (or started with).</summary>
    public int StateEpoch { get; }

    /// <summary>Where the next fetch from the log should start: the first available record, else the end offset.</summary>
    public long NextFetchOffset
    {
        get
        {
            for (var offset = StartOffset; offset < EndOffset; offset++)
            {
                if (_window.At(offset).State == RecordDeliveryState.Available) return offset;
            }
            return EndOffset;
        }
    }

    /// <summary>The state of one offset inside the window; false below the start or at/after the end offset.</summary>
    public bool TryGetRecord(long offset, out InFlightRecordView view)
    {
        if (!_window.Contains(offset))
        {
            view = default;
            return false;
        }
        ref var record = ref _window.At(offset);
        view = new InFlightRecordView(record.State, record.DeliveryCount, record.Owner, record.LockExpiryMs);
        return true;
    }

    /// <summary>A released or timed-out record goes back for redelivery, unless it has used up its deliveries.</summary>
    private void ReturnForRedelivery(long offset, ref InFlightRecord record, ArchiveLog archives)
    {
        if (record.DeliveryCount >= _config.DeliveryCountLimit)
        {
            Archive(offset, ref record, ArchiveReason.DeliveryLimitReached, archives);
            return;
        }
        Unlock(ref record, RecordDeliveryState.Available);
    }

    private void Archive(long offset, ref InFlightRecord record, ArchiveReason reason, ArchiveLog archives)
    {
        Unlock(ref record, DeadLettering ? RecordDeliveryState.Archiving : RecordDeliveryState.Archived);
        record.Reason = reason;
        archives.Add(offset, (record.DeliveryCount, reason));
    }

    /// <summary>Leaves the Acquired state (or any other) for <paramref name="state"/>, dropping owner and lock.</summary>
    private static void Unlock(ref InFlightRecord record, RecordDeliveryState state)
    {
        record.State = state;
        record.Owner = null;
        record.LockExpiryMs = 0;
    }

    /// <summary>Ends every operation: advances the start offset over completed records, then reports archives.</summary>
    private void Complete(ArchiveLog archives)
    {
        _window.TrimCompletePrefix();
        if (archives.Count == 0 || _onArchived is null) return;
        var events = new ArchivedRecords[archives.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var (first, last, (count, reason)) = archives[i];
            events[i] = new ArchivedRecords(first, last, count, reason);
        }
        _onArchived(events);
    }
}
