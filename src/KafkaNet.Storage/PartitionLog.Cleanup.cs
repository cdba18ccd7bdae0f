using KafkaNet.Storage.Producers;

namespace KafkaNet.Storage;

/// <summary>Retention, DeleteRecords and compaction.</summary>
public sealed partial class PartitionLog
{
    /// <summary>
    /// Deletes whole segments below the log start offset, older than retention.ms (by their newest timestamp) or
    /// beyond retention.bytes, oldest first, never the active one. Returns how many were deleted.
    /// Files of a segment still leased by a reader are removed when the reader releases it.
    /// </summary>
    public int DeleteOldSegments()
    {
        lock (_retentionLock)
        {
            LogSegment[] segments = Volatile.Read(ref _segments);
            int count = LogRetention.DeletableSegments(segments, Config, LogStartOffset, NowMs);
            if (count == 0)
            {
                return 0;
            }

            lock (_appendLock)
            {
                LogSegment[] current = _segments;
                Volatile.Write(ref _segments, current[count..]);
                long newStart = Math.Max(LogStartOffset, current[count].BaseOffset);
                Volatile.Write(ref _logStartOffset, newStart);
                LeaderEpochs.TruncateFromStart(newStart);
                Volatile.Write(ref _highWatermark, Math.Max(_highWatermark, newStart));
            }

            for (int i = 0; i < count; i++)
            {
                segments[i].MarkDeleted();
            }

            // A snapshot below the first segment could only be replayed with a gap.
            ProducerSnapshotFile.DeleteOutside(Directory, segments[count].BaseOffset, long.MaxValue);
            return count;
        }
    }

    /// <summary>
    /// Compacts the log if cleanup.policy includes compact and the dirty share of the segments older than
    /// min.compaction.lag.ms reaches min.cleanable.dirty.ratio. Returns how many segments were rewritten.
    /// </summary>
    public int Compact()
    {
        if (!Config.Compacts)
        {
            return 0;
        }

        lock (_retentionLock)
        {
            int cleaned = LogCleaner.Clean(this, Volatile.Read(ref _segments), _firstDirtyOffset, NowMs, out long firstDirty);
            _firstDirtyOffset = firstDirty;
            return cleaned;
        }
    }

    // Swaps a compacted segment in; readers keep their leases on the old one.
    internal void ReplaceSegment(LogSegment old, LogSegment replacement)
    {
        lock (_appendLock)
        {
            LogSegment[] segments = [.. _segments];
            segments[Array.IndexOf(segments, old)] = replacement;
            Volatile.Write(ref _segments, segments);
        }
    }

    /// <summary>DeleteRecords: moves the log start offset to <paramref name="offset"/> and drops segments wholly below it.</summary>
    /// <exception cref="OffsetOutOfRangeException">The offset is past the log end.</exception>
    public void DeleteRecordsBefore(long offset)
    {
        lock (_appendLock)
        {
            if (offset > LogEndOffset)
            {
                throw new OffsetOutOfRangeException($"Cannot delete records before {offset}: the log ends at {LogEndOffset}.");
            }

            Volatile.Write(ref _logStartOffset, Math.Max(LogStartOffset, offset));
            LeaderEpochs.TruncateFromStart(_logStartOffset);
            Volatile.Write(ref _highWatermark, Math.Max(_highWatermark, _logStartOffset));
        }

        DeleteOldSegments();
    }
}
