using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares;

public sealed partial class SharePartition
{
    /// <summary>
    /// Applies a member's acknowledgements, all or nothing: when any batch is invalid no record changes.
    /// Locks that ran out by <paramref name="nowMs"/> are expired first, so a member cannot acknowledge a
    /// record it no longer holds.
    /// </summary>
    /// <returns>
    /// <see cref="ErrorCode.None"/>; <see cref="ErrorCode.InvalidRequest"/> for an unknown type, an empty range,
    /// batches out of order or overlapping, or offsets at or past the end offset;
    /// <see cref="ErrorCode.InvalidRecordState"/> for a record that is not acquired by this member
    /// (never acquired, acquired by another member, already acknowledged or archived, or below the start offset).
    /// </returns>
    public ErrorCode Acknowledge(string memberId, IReadOnlyList<AcknowledgementBatch> batches, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(batches);
        var archives = new ArchiveLog();
        ExpireLocks(nowMs, archives);
        var error = Validate(memberId, batches);
        if (error == ErrorCode.None)
        {
            for (var i = 0; i < batches.Count; i++) Apply(batches[i], nowMs, archives);
        }
        Complete(archives);
        return error;
    }

    private ErrorCode Validate(string memberId, IReadOnlyList<AcknowledgementBatch> batches)
    {
        var previousLast = long.MinValue;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (batch.Type > AcknowledgeType.Renew) return ErrorCode.InvalidRequest;
            if (batch.FirstOffset > batch.LastOffset || batch.FirstOffset <= previousLast) return ErrorCode.InvalidRequest;
            if (batch.LastOffset >= EndOffset) return ErrorCode.InvalidRequest;
            previousLast = batch.LastOffset;
        }
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (batch.FirstOffset < StartOffset) return ErrorCode.InvalidRecordState;
            for (var offset = batch.FirstOffset; offset <= batch.LastOffset; offset++)
            {
                ref var record = ref _window.At(offset);
                if (record.State != RecordDeliveryState.Acquired || record.Owner != memberId) return ErrorCode.InvalidRecordState;
            }
        }
        return ErrorCode.None;
    }

    private void Apply(AcknowledgementBatch batch, long nowMs, ArchiveLog archives)
    {
        for (var offset = batch.FirstOffset; offset <= batch.LastOffset; offset++)
        {
            ref var record = ref _window.At(offset);
            switch (batch.Type)
            {
                case AcknowledgeType.Accept:
                    Unlock(ref record, RecordDeliveryState.Acknowledged);
                    break;
                case AcknowledgeType.Release:
                    ReturnForRedelivery(offset, ref record, archives);
                    break;
                case AcknowledgeType.Reject:
                    Archive(offset, ref record, ArchiveReason.RejectedByClient, archives);
                    break;
                case AcknowledgeType.Gap:
                    // No record to dead-letter, so no archive event.
                    Unlock(ref record, RecordDeliveryState.Archived);
                    break;
                case AcknowledgeType.Renew:
                    record.LockExpiryMs = nowMs + _config.RecordLockDurationMs;
                    break;
            }
        }
    }
}
