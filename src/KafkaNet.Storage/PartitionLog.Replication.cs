using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Storage;

/// <summary>Follower appends, truncation and the high watermark: what partition replication needs of a log.</summary>
public sealed partial class PartitionLog
{
    private long _highWatermark;
    private volatile bool _highWatermarkFollowsEnd;

    /// <summary>
    /// Offsets below this are replicated to the in-sync replicas: what read_uncommitted consumers may read. Within
    /// [<see cref="LogStartOffset"/>, <see cref="LogEndOffset"/>]; it moves back only when the log is truncated.
    /// </summary>
    public long HighWatermark => Volatile.Read(ref _highWatermark);

    /// <summary>
    /// Becoming leader at <paramref name="leaderEpoch"/>: the epoch starts at the log end now, before any append, as
    /// Kafka's leaders record it. The latest cached epoch is then never below a follower's, so a follower's divergence
    /// is always answered with an epoch and offset it can truncate to. An epoch not above the latest one the log holds
    /// comes from metadata older than the log (a restarted node replaying its metadata log) and changes nothing: taken
    /// as new it would drop the later epochs from the cache.
    /// </summary>
    public void AssignEpochStartOffset(int leaderEpoch)
    {
        lock (_appendLock)
        {
            if (leaderEpoch > LeaderEpochs.LatestEpoch)
            {
                LeaderEpochs.Assign(leaderEpoch, LogEndOffset);
            }
        }
    }

    /// <summary>
    /// Raises the high watermark to <paramref name="offset"/>, clamped to [<see cref="LogStartOffset"/>,
    /// <see cref="LogEndOffset"/>]; a lower value changes nothing.
    /// </summary>
    public void UpdateHighWatermark(long offset)
    {
        lock (_appendLock)
        {
            long clamped = Math.Clamp(offset, _logStartOffset, _logEndOffset);
            if (clamped > _highWatermark)
            {
                Volatile.Write(ref _highWatermark, clamped);
            }
        }
    }

    /// <summary>
    /// When set, every append raises the high watermark to the new log end under the append lock it already holds:
    /// a leader whose in-sync replicas are itself alone. Setting it raises the high watermark to the log end now.
    /// </summary>
    public bool HighWatermarkFollowsLogEnd
    {
        get => _highWatermarkFollowsEnd;
        set
        {
            lock (_appendLock)
            {
                _highWatermarkFollowsEnd = value;
                if (value)
                {
                    Volatile.Write(ref _highWatermark, Math.Max(_highWatermark, _logEndOffset));
                }
            }
        }
    }

    /// <summary>The last stable offset for readers bounded by <paramref name="highWatermark"/>: the lower of the two.</summary>
    public long LastStableOffsetBelow(long highWatermark) => Math.Min(LastStableOffset, Math.Max(highWatermark, LogStartOffset));

    /// <summary>
    /// OffsetsForLeaderEpoch for this log: the largest epoch not above <paramref name="leaderEpoch"/> and where it
    /// ended (the next epoch's start offset, or the log end for the latest); (-1, -1) when unknown.
    /// </summary>
    public (int Epoch, long EndOffset) EndOffsetForEpoch(int leaderEpoch) => LeaderEpochs.EndOffsetFor(leaderEpoch, LogEndOffset);

    /// <summary>
    /// Appends batches copied from the leader as they are: offsets, partition leader epochs and timestamps are kept.
    /// Each batch is validated (magic 2, sizes, CRC; max.message.bytes does not apply, as in Kafka); the first must
    /// start at the log end offset and each next one right after the one before (in a compacted log, anywhere after
    /// it). New leader epochs are recorded at their first offset; the producer state follows the batches without
    /// refusing any, and ABORT markers add transaction index entries. Durability is that of a leader append.
    /// </summary>
    /// <exception cref="InvalidRecordBatchException">A batch is invalid; nothing was appended.</exception>
    /// <exception cref="OffsetsOutOfOrderException">The offsets do not continue the log; nothing was appended.</exception>
    public Task<LogAppendInfo> AppendAsFollowerAsync(Memory<byte> records)
    {
        int recordCount = AppendValidator.Validate(records.Span, int.MaxValue, gapsAllowed: true);
        LogAppendInfo info;
        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            info = CheckFollowerOffsets(records.Span, recordCount, out bool hasProducers);
            if (hasProducers)
            {
                _producers.Prepare(records.Span, AppendOrigin.Replication, out _);
            }

            WriteLocked(records.Span, info, hasProducers, leaderEpoch: -1, NowMs);
        }

        return Acknowledge(info);
    }

    /// <summary>
    /// Removes every offset at and after <paramref name="offset"/> (a batch holding it goes whole): later segments are
    /// deleted, the one holding it is cut and its indexes rebuilt, leader epochs starting there are forgotten, and the
    /// producer state is rebuilt for what remains. The recovery point and high watermark are clamped to the new end.
    /// Nothing happens when <paramref name="offset"/> is at or past the log end. Below the first segment the log is
    /// emptied to restart at <paramref name="offset"/> (<see cref="TruncateFullyAndStartAt"/>).
    /// </summary>
    public void TruncateTo(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_retentionLock)
        {
            lock (_appendLock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (offset >= _logEndOffset)
                {
                    // Nothing to cut, but an epoch this replica started as leader without writing in it may sit at the
                    // log end: it goes, or the follower would keep reporting it and keep being told it diverged.
                    LeaderEpochs.TruncateFromEnd(_logEndOffset);
                    return;
                }

                LogSegment[] segments = _segments;
                if (offset < segments[0].BaseOffset)
                {
                    TruncateFullyLocked(offset);
                    return;
                }

                int keep = segments.Length - 1;
                while (segments[keep].BaseOffset > offset)
                {
                    keep--;
                }

                // Later segments go first, as in Kafka: a crash in between leaves a shorter but whole log.
                for (int i = segments.Length - 1; i > keep; i--)
                {
                    segments[i].MarkDeleted();
                }

                LogSegment cut = CutSegment(segments[keep], offset);
                Volatile.Write(ref _segments, [.. segments[..keep], cut]);
                long end = cut.NextOffset;
                Volatile.Write(ref _logEndOffset, end);
                Volatile.Write(ref _logStartOffset, Math.Min(_logStartOffset, end));
                LeaderEpochs.TruncateFromEnd(end);
                AfterTruncation(end);
            }
        }
    }

    /// <summary>
    /// Deletes the whole log and restarts it empty at <paramref name="offset"/>: log start, log end and high watermark
    /// all become <paramref name="offset"/>, the leader epochs and producer state are cleared. A follower does this
    /// when the leader's log starts past its own end.
    /// </summary>
    public void TruncateFullyAndStartAt(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (_retentionLock)
        {
            lock (_appendLock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                TruncateFullyLocked(offset);
            }
        }
    }

    // Sets the high watermark as loaded from the replication checkpoint, clamped to the log.
    internal void RestoreHighWatermark(long offset)
    {
        lock (_appendLock)
        {
            Volatile.Write(ref _highWatermark, Math.Clamp(offset, _logStartOffset, _logEndOffset));
        }
    }

    private void TruncateFullyLocked(long offset)
    {
        LogSegment[] old = _segments;
        // Every snapshot describes the old log, even one taken at this very offset.
        ProducerSnapshotFile.DeleteOutside(Directory, long.MaxValue, long.MaxValue);
        foreach (LogSegment segment in old)
        {
            segment.MarkDeleted();
        }

        var fresh = new LogSegment(Directory, offset, Config, active: true, create: true);
        Volatile.Write(ref _segments, [fresh]);
        Volatile.Write(ref _logEndOffset, offset);
        Volatile.Write(ref _logStartOffset, offset);
        LeaderEpochs.Clear();
        AfterTruncation(offset);
    }

    // Under the append lock, once the segments and log end are cut: everything that depends on the log end follows it.
    private void AfterTruncation(long end)
    {
        _lastSnapshotOffset = ProducerStateLoader.Load(_producers, Directory, _segments, end);
        TakeSnapshot(fsync: false);
        _firstDirtyOffset = Math.Min(_firstDirtyOffset, end);
        lock (_flushLock)
        {
            Volatile.Write(ref _recoveryPoint, Math.Min(_recoveryPoint, end));
        }

        _groupCommit?.Truncate(end);
        Volatile.Write(ref _highWatermark, Math.Clamp(_highWatermark, _logStartOffset, end));
    }

    // Replaces a segment by the same files cut before the first batch that holds `offset` or a later one. The indexes
    // are rebuilt from the cut log (new files: a reader still holding the old segment keeps its own mappings).
    private LogSegment CutSegment(LogSegment segment, long offset)
    {
        long position = segment.TryFindBatch(offset, 0, long.MaxValue, out long found, out _) ? found : segment.Size;
        segment.Close();
        File.Delete(LogFileNames.IndexFile(Directory, segment.BaseOffset));
        File.Delete(LogFileNames.TimeIndexFile(Directory, segment.BaseOffset));
        var cut = new LogSegment(Directory, segment.BaseOffset, Config, active: true, create: false);
        RandomAccess.SetLength(cut.Handle, position);
        SegmentRecoveryResult result = SegmentScanner.Recover(cut, !Config.Compacts);
        if (!result.IsClean)
        {
            cut.TruncateFileTo(result.ValidBytes);
        }

        // Only now: a crash before the cut must find the entries of the markers still in the file.
        cut.TxnIndex.TruncateFrom(cut.NextOffset);
        return cut;
    }

    // Under the append lock: the offsets must continue the log. Returns the append's offsets and timestamps.
    private LogAppendInfo CheckFollowerOffsets(ReadOnlySpan<byte> records, int recordCount, out bool hasProducers)
    {
        hasProducers = false;
        bool gapsAllowed = Config.Compacts;
        long expected = _logEndOffset;
        long first = -1;
        long maxTimestamp = -1;
        int at = 0;
        while (at < records.Length)
        {
            RecordBatchHeader header = RecordBatchHeader.Read(records[at..]);
            if (header.BaseOffset != expected && !(gapsAllowed && header.BaseOffset > expected))
            {
                throw new OffsetsOutOfOrderException(
                    expected,
                    header.BaseOffset,
                    $"Batch at byte {at} of a follower append starts at offset {header.BaseOffset}; {expected} was expected in {Directory}.");
            }

            first = first < 0 ? header.BaseOffset : first;
            maxTimestamp = Math.Max(maxTimestamp, header.MaxTimestamp);
            hasProducers |= header.ProducerId >= 0;
            expected = header.LastOffset + 1;
            at += (int)header.TotalSize;
        }

        return new LogAppendInfo(first, expected - 1, maxTimestamp, -1, recordCount, records.Length);
    }

    // A follower's batches carry the epoch of the leader that wrote them; each new one starts at its batch.
    private void AssignBatchEpochs(ReadOnlySpan<byte> records)
    {
        int at = 0;
        while (at < records.Length)
        {
            RecordBatchHeader header = RecordBatchHeader.Read(records[at..]);
            LeaderEpochs.Assign(header.PartitionLeaderEpoch, header.BaseOffset);
            at += (int)header.TotalSize;
        }
    }
}
