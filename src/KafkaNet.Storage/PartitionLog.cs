using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Storage;

/// <summary>
/// The log of one partition: an ordered list of segments, of which the last takes appends.
/// One appender at a time (a per-partition lock); readers never lock: they read the published log end offset and an
/// immutable snapshot of the segment list, and lease the segment they read from.
/// </summary>
public sealed partial class PartitionLog : IDisposable
{
    private readonly Lock _appendLock = new();
    private readonly Lock _flushLock = new();
    private readonly Lock _retentionLock = new();
    private readonly TimeProvider _time;
    private readonly GroupCommit? _groupCommit;
    private readonly ReadPositionCache _readPositions = new();
    private readonly ProducerStateManager _producers = new();
    private LogSegment[] _segments;
    private long _logEndOffset;
    private long _logStartOffset;
    private long _recoveryPoint;
    private long _unflushedRecords;
    private long _lastFlushMs;
    private long _flushCount;
    private long _firstDirtyOffset;
    private long _lastSnapshotOffset = -1;
    private bool _closed;
    private LogConfig _config;

    private PartitionLog(string dir, LogConfig config, List<LogSegment> segments, long logStartOffset, TimeProvider time, LeaderEpochCache epochs, List<SegmentRecoveryResult> report)
    {
        Directory = dir;
        _config = config;
        _time = time;
        _segments = [.. segments];
        RecoveryReport = report;
        _logEndOffset = segments[^1].NextOffset;
        _logStartOffset = Math.Max(logStartOffset, segments[0].BaseOffset);
        // Without a replication checkpoint everything in the log counts as acknowledged, as on a single node.
        _highWatermark = _logEndOffset;
        _lastFlushMs = NowMs;
        LeaderEpochs = epochs;
        LeaderEpochs.TruncateFromEnd(_logEndOffset);
        long replayedFrom = ProducerStateLoader.Load(_producers, dir, segments, _logEndOffset);
        _lastSnapshotOffset = replayedFrom;
        if (replayedFrom < _logEndOffset)
        {
            // What was replayed need not be replayed again after another crash.
            TakeSnapshot(fsync: false);
        }

        _recoveryPoint = segments[0].BaseOffset;
        FlushUpTo(_logEndOffset);
        if (config.Durable)
        {
            _groupCommit = new GroupCommit(() => FlushUpTo(LogEndOffset), _logEndOffset);
        }
    }

    public string Directory { get; }

    public LogConfig Config => Volatile.Read(ref _config);

    /// <summary>First offset readers may ask for; moves forward with retention and DeleteRecords.</summary>
    public long LogStartOffset => Volatile.Read(ref _logStartOffset);

    /// <summary>One past the last appended offset; everything below it is readable.</summary>
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);

    /// <summary>Offsets below this are fsynced; recovery after a crash starts here.</summary>
    public long RecoveryPoint => Volatile.Read(ref _recoveryPoint);

    /// <summary>A snapshot of the segments, oldest first.</summary>
    public IReadOnlyList<LogSegment> Segments => Volatile.Read(ref _segments);

    /// <summary>Torn or corrupt tails truncated while opening.</summary>
    public IReadOnlyList<SegmentRecoveryResult> RecoveryReport { get; }

    public LeaderEpochCache LeaderEpochs { get; }

    /// <summary>Fsync passes so far (group commit shares one pass among many appends).</summary>
    public long FlushCount => Volatile.Read(ref _flushCount);

    /// <summary>Bytes in all segments.</summary>
    public long Size
    {
        get
        {
            long size = 0;
            foreach (LogSegment segment in Volatile.Read(ref _segments))
            {
                size += segment.Size;
            }

            return size;
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Opens (creating if needed) the log in <paramref name="dir"/>. Segments wholly below <paramref name="recoveryPoint"/>
    /// are trusted; later ones are checked batch by batch and a torn tail is truncated.
    /// </summary>
    /// <exception cref="LogCorruptionException">Corrupt data is followed by more log.</exception>
    public static PartitionLog Open(string dir, LogConfig config, long recoveryPoint = 0, long logStartOffset = 0, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        System.IO.Directory.CreateDirectory(dir);
        var report = new List<SegmentRecoveryResult>();
        var epochs = new LeaderEpochCache(Path.Combine(dir, LogFileNames.LeaderEpochCheckpointFile));
        List<LogSegment> segments = LogLoader.Load(dir, config, recoveryPoint, epochs, report);
        if (segments.Count == 0)
        {
            segments.Add(new LogSegment(dir, Math.Max(logStartOffset, 0), config, active: true, create: true));
        }

        return new PartitionLog(dir, config, segments, logStartOffset, time ?? TimeProvider.System, epochs, report);
    }

    /// <summary>
    /// Appends the batches in <paramref name="records"/> as the leader: validates each (magic 2, CRC, sizes), assigns
    /// offsets and the leader epoch in place, stamps LogAppendTime if configured, then writes them with one write.
    /// The bytes are patched in place and written without copying. In durable mode the task completes after the
    /// fsync that covers the append; otherwise it is already complete.
    /// </summary>
    /// <exception cref="InvalidRecordBatchException">A batch is invalid or too large; nothing was appended.</exception>
    public Task<LogAppendInfo> AppendAsLeaderAsync(Memory<byte> records, int leaderEpoch) =>
        AppendAsLeaderAsync(records, leaderEpoch, checksumVerified: false);

    /// <summary>
    /// As <see cref="AppendAsLeaderAsync(Memory{byte}, int)"/>; with <paramref name="checksumVerified"/> the caller has
    /// already verified every batch's CRC and records, so they are not checked a second time.
    /// </summary>
    public Task<LogAppendInfo> AppendAsLeaderAsync(Memory<byte> records, int leaderEpoch, bool checksumVerified) =>
        AppendAsLeaderAsync(records, leaderEpoch, checksumVerified, AppendOrigin.Client);

    /// <summary>
    /// As above, for <paramref name="origin"/>. Batches with a producer id are checked against the producer state
    /// first (clients: epoch, sequence, duplicates; coordinators: epoch only; replication: nothing). A client batch
    /// repeating one of its producer's last five is not written: the result has <see cref="LogAppendInfo.Duplicate"/>
    /// set and the original offsets.
    /// </summary>
    /// <exception cref="ProducerAppendException">The producer state refused a batch; nothing was appended.</exception>
    public Task<LogAppendInfo> AppendAsLeaderAsync(Memory<byte> records, int leaderEpoch, bool checksumVerified, AppendOrigin origin)
    {
        int recordCount = AppendValidator.Validate(records.Span, Config.MaxMessageBytes, checksumVerified);
        LogAppendInfo info;
        lock (_appendLock)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            long now = NowMs;
            info = AssignOffsets(records.Span, leaderEpoch, now, recordCount, out bool hasProducers);
            if (hasProducers && _producers.Prepare(records.Span, origin, out BatchMetadata duplicate))
            {
                info = new LogAppendInfo(duplicate.FirstOffset, duplicate.LastOffset, duplicate.Timestamp, Config.LogAppendTime ? duplicate.Timestamp : -1, 0, 0, Duplicate: true);
            }
            else
            {
                WriteLocked(records.Span, info, hasProducers, leaderEpoch, now);
            }
        }

        return Acknowledge(info);
    }

    /// <summary>
    /// Reads whole batches starting with the one that contains <paramref name="startOffset"/>, up to
    /// <paramref name="maxBytes"/> (but always at least one batch) and excluding batches that start at or after
    /// <paramref name="maxOffset"/> (the high watermark or last stable offset). Reads stay within one segment.
    /// </summary>
    /// <exception cref="OffsetOutOfRangeException">The offset is below the log start or past the log end.</exception>
    public LogReadResult Read(long startOffset, int maxBytes, long maxOffset = long.MaxValue)
    {
        long end = LogEndOffset;
        while (true)
        {
            long start = LogStartOffset;
            if (startOffset < start || startOffset > end)
            {
                throw new OffsetOutOfRangeException($"Offset {startOffset} is outside [{start}, {end}] in {Directory}.");
            }

            long upper = Math.Min(maxOffset, end);
            if (startOffset >= upper)
            {
                return new LogReadResult(null, start, end);
            }

            if (LogReader.TryRead(Volatile.Read(ref _segments), _readPositions, startOffset, maxBytes, upper, out FileRegion? region))
            {
                return new LogReadResult(region, start, end);
            }

            // A segment was deleted under us; retry against the new log start.
        }
    }

    /// <summary>The first record (not batch) whose timestamp is at least <paramref name="timestamp"/>, or null.</summary>
    public TimestampOffset? FetchOffsetByTimestamp(long timestamp) =>
        TimestampSearch.FirstAtOrAfter(Volatile.Read(ref _segments), timestamp, LogStartOffset, LogEndOffset);

    /// <summary>The record with the largest timestamp (the first such), or null when the log is empty.</summary>
    public TimestampOffset? FetchMaxTimestamp() =>
        TimestampSearch.MaxTimestamp(Volatile.Read(ref _segments), LogStartOffset, LogEndOffset);

    /// <summary>
    /// Applies changed topic settings (retention, segment size, max message size...) from the next append or
    /// maintenance pass on. Durability is fixed when the log opens and is kept as it was.
    /// </summary>
    public void UpdateConfig(LogConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Volatile.Write(ref _config, config with { Durable = _groupCommit is not null });
        Volatile.Read(ref _segments)[^1].IndexIntervalBytes = config.IndexIntervalBytes;
    }

    /// <summary>Fsyncs everything appended so far and moves the recovery point to the log end.</summary>
    public void Flush() => FlushUpTo(LogEndOffset);

    /// <summary>Applies flush.messages and flush.ms; called after appends and by the log manager's timer.</summary>
    public void MaybeFlush()
    {
        long now = NowMs;
        if (Volatile.Read(ref _unflushedRecords) >= Config.FlushMessages || (Config.FlushMs != long.MaxValue && now - Volatile.Read(ref _lastFlushMs) >= Config.FlushMs))
        {
            Flush();
        }
    }

    /// <summary>Flushes and closes every segment, trimming the active indexes.</summary>
    public void Close()
    {
        lock (_appendLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            // The state at the log end, so a clean restart replays nothing. Without producers a torn snapshot after a
            // power loss costs only a replay, so no fsync is spent on it.
            TakeSnapshot(fsync: _producers.ProducerCount > 0);
        }

        Flush();
        foreach (LogSegment segment in _segments)
        {
            segment.Close();
        }
    }

    public void Dispose() => Close();

    // Under the append lock, with offsets in place and the producer state prepared: writes, records the leader epoch
    // (one for the whole append, or each batch's own when leaderEpoch is -1), applies the producer state, publishes.
    private void WriteLocked(ReadOnlySpan<byte> records, LogAppendInfo info, bool hasProducers, int leaderEpoch, long now)
    {
        LogSegment segment = MaybeRoll(records.Length, info, now);
        segment.Append(records);
        if (leaderEpoch >= 0)
        {
            LeaderEpochs.Assign(leaderEpoch, info.FirstOffset);
        }
        else
        {
            AssignBatchEpochs(records);
        }

        if (hasProducers)
        {
            _producers.Commit(segment.TxnIndex);
        }

        Volatile.Write(ref _logEndOffset, info.LastOffset + 1);
        if (_highWatermarkFollowsEnd)
        {
            Volatile.Write(ref _highWatermark, info.LastOffset + 1);
        }

        if (hasProducers)
        {
            _producers.PublishStable();
        }

        Interlocked.Add(ref _unflushedRecords, info.RecordCount);
    }

    private Task<LogAppendInfo> Acknowledge(LogAppendInfo info)
    {
        MaybeFlush();
        // A duplicate is acknowledged as its original is: in durable mode, once that is on disk.
        return _groupCommit is null ? Task.FromResult(info) : AfterCommitAsync(_groupCommit.WaitForAsync(info.LastOffset + 1), info);
    }

    private static async Task<LogAppendInfo> AfterCommitAsync(Task commit, LogAppendInfo info)
    {
        await commit.ConfigureAwait(false);
        return info;
    }

    private LogAppendInfo AssignOffsets(Span<byte> records, int leaderEpoch, long now, int recordCount, out bool hasProducers)
    {
        hasProducers = false;
        long first = _logEndOffset;
        long next = first;
        long maxTimestamp = -1;
        int at = 0;
        while (at < records.Length)
        {
            Span<byte> batch = records[at..];
            RecordBatchHeader header = RecordBatchHeader.Read(batch);
            RecordBatchPatch.SetBaseOffset(batch, next);
            RecordBatchPatch.SetPartitionLeaderEpoch(batch, leaderEpoch);
            if (Config.LogAppendTime)
            {
                RecordBatchPatch.SetLogAppendTime(batch[..(int)header.TotalSize], now);
            }

            maxTimestamp = Math.Max(maxTimestamp, Config.LogAppendTime ? now : header.MaxTimestamp);
            hasProducers |= header.ProducerId >= 0;
            next += header.LastOffsetDelta + 1L;
            at += (int)header.TotalSize;
        }

        return new LogAppendInfo(first, next - 1, maxTimestamp, Config.LogAppendTime ? now : -1, recordCount, records.Length);
    }

    // Called under the append lock. Rolls on segment.bytes, segment.ms, a full index, or relative offsets that would overflow.
    // Like Kafka, segment.ms compares the incoming timestamp with the segment's first one, so replayed old data rolls alike.
    private LogSegment MaybeRoll(int appendBytes, LogAppendInfo append, long now)
    {
        LogSegment active = _segments[^1];
        long waited = append.MaxTimestamp >= 0 && active.RollingTimestamp >= 0 ? append.MaxTimestamp - active.RollingTimestamp : 0;
        bool roll = active.Size > 0 && (
            active.Size + appendBytes > Config.SegmentBytes
            || waited > Config.SegmentMs
            || active.IndexIsFull
            || append.LastOffset - active.BaseOffset > int.MaxValue);
        if (!roll)
        {
            return active;
        }

        var next = new LogSegment(Directory, append.FirstOffset, Config, active: true, create: true);
        active.OnBecomeInactive();
        // As Kafka: a snapshot per segment, so recovery replays at most the segments after the last roll.
        TakeSnapshot(fsync: false);
        Volatile.Write(ref _segments, [.. _segments, next]);
        if (!Config.Durable)
        {
            // Kafka flushes a rolled segment in the background; the recovery point follows.
            long rolledEnd = next.BaseOffset;
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Log.FlushRolled(state.End), (Log: this, End: rolledEnd), preferLocal: false);
        }

        return next;
    }

    private void FlushRolled(long endOffset)
    {
        try
        {
            FlushUpTo(endOffset);
        }
        catch (ObjectDisposedException)
        {
            // The log was closed first; Close flushed it.
        }
    }

    // Fsyncs segments holding offsets in [recovery point, endOffset) and returns the new recovery point.
    private long FlushUpTo(long endOffset)
    {
        lock (_flushLock)
        {
            endOffset = Math.Min(endOffset, LogEndOffset);
            long recoveryPoint = _recoveryPoint;
            if (endOffset <= recoveryPoint)
            {
                return recoveryPoint;
            }

            LogSegment[] segments = Volatile.Read(ref _segments);
            for (int i = 0; i < segments.Length; i++)
            {
                long segmentEnd = i + 1 < segments.Length ? segments[i + 1].BaseOffset : long.MaxValue;
                LogSegment segment = segments[i];
                if (segmentEnd <= recoveryPoint || segment.BaseOffset >= endOffset || !segment.TryAcquire())
                {
                    continue;
                }

                try
                {
                    segment.Flush();
                }
                finally
                {
                    segment.Release();
                }
            }

            Interlocked.Increment(ref _flushCount);
            Volatile.Write(ref _unflushedRecords, 0);
            Volatile.Write(ref _lastFlushMs, NowMs);
            Volatile.Write(ref _recoveryPoint, endOffset);
            return endOffset;
        }
    }
}
