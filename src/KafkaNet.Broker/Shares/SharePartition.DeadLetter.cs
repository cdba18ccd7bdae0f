namespace KafkaNet.Broker.Shares;

public sealed partial class SharePartition
{
    /// <summary>
    /// The group has a dead-letter topic: records given up on go to Archiving, not Archived, and stay there (holding
    /// the start offset back) until <see cref="FinishArchiving"/> says their dead-letter records are written.
    /// Set by the owner from the group's current configuration before each operation.
    /// </summary>
    public bool DeadLettering { get; set; }

    /// <summary>True when any record waits in the Archiving state.</summary>
    public bool HasArchiving
    {
        get
        {
            for (var offset = StartOffset; offset < EndOffset; offset++)
            {
                if (_window.At(offset).State == RecordDeliveryState.Archiving) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// The Archiving records, in offset order, as runs of equal delivery count and reason, up to
    /// <paramref name="maxRecords"/> records. A record loaded from persisted state has no reason kept: it counts as
    /// having reached the delivery limit when its count is at the limit, else as rejected. The records are taken
    /// for a write: until they are finished, a later call reports them as possibly written already.
    /// </summary>
    /// <param name="mayBeWritten">True when some of them may already have dead-letter records (loaded Archiving, or taken before).</param>
    public IReadOnlyList<ArchivedRecords> ArchivingRuns(int maxRecords, out bool mayBeWritten)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        mayBeWritten = false;
        var runs = new ArchiveLog();
        var taken = 0;
        for (var offset = StartOffset; offset < EndOffset && taken < maxRecords; offset++)
        {
            ref var record = ref _window.At(offset);
            if (record.State != RecordDeliveryState.Archiving) continue;
            var reason = record.Reason != 0 ? record.Reason
                : record.DeliveryCount >= _config.DeliveryCountLimit ? ArchiveReason.DeliveryLimitReached
                : ArchiveReason.RejectedByClient;
            runs.Add(offset, (record.DeliveryCount, reason));
            mayBeWritten |= record.DeadLetterInDoubt;
            record.DeadLetterInDoubt = true;
            taken++;
        }
        var result = new ArchivedRecords[runs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (first, last, (count, reason)) = runs[i];
            result[i] = new ArchivedRecords(first, last, count, reason);
        }
        return result;
    }

    /// <summary>Archiving records from <paramref name="firstOffset"/> to <paramref name="lastOffset"/> become Archived.</summary>
    /// <returns>How many records changed.</returns>
    public int FinishArchiving(long firstOffset, long lastOffset)
    {
        var finished = 0;
        for (var offset = Math.Max(firstOffset, StartOffset); offset <= lastOffset && offset < EndOffset; offset++)
        {
            ref var record = ref _window.At(offset);
            if (record.State != RecordDeliveryState.Archiving) continue;
            record.State = RecordDeliveryState.Archived;
            record.Reason = 0;
            record.DeadLetterInDoubt = false;
            finished++;
        }
        _window.TrimCompletePrefix();
        return finished;
    }
}
