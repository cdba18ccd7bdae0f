namespace KafkaNet.Broker.Shares;

public sealed partial class SharePartition
{
    /// <summary>
    /// Hands <paramref name="memberId"/> up to <paramref name="maxRecords"/> available records from the fetched
    /// range, in offset order: redeliveries of records already in the window, and records past the end offset
    /// while the window holds fewer than <see cref="SharePartitionConfig.MaxRecordLocks"/> offsets. Each taken
    /// record is locked until <c>nowMs</c> + the lock duration and its delivery count goes up by one. A record
    /// that already used all its deliveries (the limit was lowered, or it was loaded that way) is archived.
    /// </summary>
    /// <returns>The acquired runs, in offset order; empty when nothing could be acquired.</returns>
    public IReadOnlyList<AcquiredRecords> Acquire(string memberId, FetchedRecords fetched, int maxRecords, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(fetched);
        var archives = new ArchiveLog();
        ExpireLocks(nowMs, archives);

        var first = Math.Max(fetched.FirstOffset, StartOffset);
        if (_window.Count == 0) _window.SkipTo(first);
        AppendUnfetched(first);

        var guard = _config.KeyOrdered ? new KeyOrderGuard(_window, memberId, first) : null;
        var acquired = new RunBuilder<short>();
        var taken = 0;
        for (var offset = first; offset <= fetched.LastOffset && taken < maxRecords; offset++)
        {
            if (offset > EndOffset || (offset == EndOffset && !TryAppendFetched(fetched.KeyAt(offset)))) break;
            ref var record = ref _window.At(offset);
            if (guard is not null) record.Key ??= fetched.KeyAt(offset);
            if (record.State == RecordDeliveryState.Available && record.DeliveryCount == 0 && fetched.IsAborted(offset))
            {
                // An aborted transaction's record is not for a read_committed group: archived unseen, like a gap.
                Unlock(ref record, RecordDeliveryState.Archived);
                continue;
            }
            if (record.State != RecordDeliveryState.Available)
            {
                if (record.State == RecordDeliveryState.Acquired) guard?.HoldBack(record.Key);
                continue;
            }
            if (record.DeliveryCount >= _config.DeliveryCountLimit)
            {
                Archive(offset, ref record, ArchiveReason.DeliveryLimitReached, archives);
                continue;
            }
            if (guard is not null && !guard.MayTake(record.Key))
            {
                guard.HoldBack(record.Key);
                continue;
            }
            record.State = RecordDeliveryState.Acquired;
            record.Owner = memberId;
            record.LockExpiryMs = nowMs + _config.RecordLockDurationMs;
            record.DeliveryCount++;
            acquired.Add(offset, record.DeliveryCount);
            taken++;
        }
        Complete(archives);
        return ToAcquiredRecords(acquired);
    }

    /// <summary>Offsets between the end offset and a fetch that starts later are in flight but not yet delivered.</summary>
    private void AppendUnfetched(long fetchStart)
    {
        while (EndOffset < fetchStart && TryAppendFetched(null))
        {
        }
    }

    private bool TryAppendFetched(byte[]? key)
    {
        if (_window.Count >= _config.MaxRecordLocks) return false;
        _window.Append(new InFlightRecord { State = RecordDeliveryState.Available, Key = _config.KeyOrdered ? key : null });
        return true;
    }

    private static AcquiredRecords[] ToAcquiredRecords(RunBuilder<short> runs)
    {
        var result = new AcquiredRecords[runs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (first, last, count) = runs[i];
            result[i] = new AcquiredRecords(first, last, count);
        }
        return result;
    }
}
