using System.Buffers.Binary;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;
using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Storage;

/// <summary>
/// One segment of a partition log: the <c>.log</c> file of batches starting at <see cref="BaseOffset"/> plus its
/// offset and time indexes and its aborted transaction index. One writer appends; any number of readers read below <see cref="Size"/>, which is
/// published only after the bytes are written. Readers hold leases so a deleted segment's files outlive them.
/// The log file is opened once and used only with positional I/O; nothing seeks it.
/// </summary>
public sealed class LogSegment
{
    private readonly SafeFileHandle _log;
    private int _indexIntervalBytes;
    private long _size;
    private int _bytesSinceLastIndexEntry;
    private long _maxTimestamp = -1;
    private long _offsetOfMaxTimestamp;
    private long _rollingTimestamp = -1;
    private int _refs = 1;
    private int _deleted;
    private bool _keepTxnIndex;
    private int _generation;
    private long _headerReads;
    private SegmentSendStream? _sendStream;

    internal LogSegment(string dir, long baseOffset, LogConfig config, bool active, bool create)
    {
        Directory = dir;
        BaseOffset = baseOffset;
        _indexIntervalBytes = config.IndexIntervalBytes;
        LogPath = LogFileNames.LogFile(dir, baseOffset);
        _log = File.OpenHandle(LogPath, create ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        _size = RandomAccess.GetLength(_log);
        Ends = new SegmentEnds(baseOffset);
        IndexFilesExisted = File.Exists(LogFileNames.IndexFile(dir, baseOffset)) && File.Exists(LogFileNames.TimeIndexFile(dir, baseOffset));
        OffsetIndex = new OffsetIndex(LogFileNames.IndexFile(dir, baseOffset), baseOffset, config.SegmentIndexBytes, active);
        TimeIndex = new TimeIndex(LogFileNames.TimeIndexFile(dir, baseOffset), baseOffset, config.SegmentIndexBytes, active);
        TxnIndex = new TransactionIndex(LogFileNames.TxnIndexFile(dir, baseOffset));
        _offsetOfMaxTimestamp = baseOffset;
        NextOffset = baseOffset;
        if (create)
        {
            PublishEnd(0);
        }
    }

    /// <summary>
    /// Bytes appended between offset index entries. A topic's config arrives after its log opens (on creation and on
    /// restart), so the active segment takes it then; until then it holds the default it was opened with.
    /// </summary>
    public int IndexIntervalBytes
    {
        get => Volatile.Read(ref _indexIntervalBytes);
        set => Volatile.Write(ref _indexIntervalBytes, value);
    }

    public string Directory { get; }

    public long BaseOffset { get; }

    public string LogPath { get; private set; }

    /// <summary>The log file's handle, for positional reads (<see cref="RandomAccess"/>) only: nothing may seek it.</summary>
    public SafeFileHandle Handle => _log;

    /// <summary>
    /// A stream over <see cref="Handle"/> for <c>SendPacketsElement</c> (sendfile), created once on first use and
    /// closed with the segment's handle; callers hold a lease. Its position means nothing and must not be used.
    /// </summary>
    internal FileStream SendStream
    {
        get
        {
            SegmentSendStream? stream = Volatile.Read(ref _sendStream);
            if (stream is null)
            {
                ObjectDisposedException.ThrowIf(_log.IsClosed, this);
                var created = new SegmentSendStream(_log);
                stream = Interlocked.CompareExchange(ref _sendStream, created, null) ?? created;
                if (!ReferenceEquals(stream, created))
                {
                    created.Dispose();
                }
            }

            return stream;
        }
    }

    public OffsetIndex OffsetIndex { get; }

    /// <summary>False when an index file was missing at open, so the indexes must be rebuilt.</summary>
    internal bool IndexFilesExisted { get; }

    public TimeIndex TimeIndex { get; }

    /// <summary>The ABORT markers this segment holds (<c>.txnindex</c>).</summary>
    internal TransactionIndex TxnIndex { get; }

    /// <summary>Bytes of whole batches readers may see.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>Recent (size, next offset) pairs, for readers that need both consistently.</summary>
    internal SegmentEnds Ends { get; }

    /// <summary>Changes whenever the file is cut, so positions remembered before then are not trusted.</summary>
    internal int Generation => Volatile.Read(ref _generation);

    /// <summary>Batch headers read to find a read position (diagnostics and tests).</summary>
    internal long HeaderReads => Interlocked.Read(ref _headerReads);

    /// <summary>One past the last offset in the segment (written by the appender only).</summary>
    public long NextOffset { get; private set; }

    /// <summary>Largest batch max timestamp in the segment, -1 when empty.</summary>
    public long MaxTimestamp => Volatile.Read(ref _maxTimestamp);

    /// <summary>Last offset of the first batch that reached <see cref="MaxTimestamp"/>.</summary>
    public long OffsetOfMaxTimestamp => Volatile.Read(ref _offsetOfMaxTimestamp);

    /// <summary>Max timestamp of the first batch: segment.ms counts from here, as Kafka does.</summary>
    public long RollingTimestamp => _rollingTimestamp;

    public bool IsDeleted => Volatile.Read(ref _deleted) != 0;

    /// <summary>Leases held besides the log's own reference (for tests and diagnostics).</summary>
    public int LeaseCount => Math.Max(Volatile.Read(ref _refs) - (IsDeleted ? 0 : 1), 0);

    /// <summary>True when the indexes can take no more entries.</summary>
    public bool IndexIsFull => OffsetIndex.IsFull || TimeIndex.IsFull;

    /// <summary>
    /// Writes <paramref name="batches"/> (whole, validated batches with offsets assigned) at the end of the file in one
    /// write, adds index entries every index.interval.bytes, then publishes the new size.
    /// </summary>
    public void Append(ReadOnlySpan<byte> batches)
    {
        long position = _size;
        RandomAccess.Write(_log, batches, position);
        int at = 0;
        while (at < batches.Length)
        {
            ReadOnlySpan<byte> batch = batches[at..];
            int length = RecordBatchHeader.LogOverhead + BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchHeader.BatchLengthOffset..]);
            NoteBatch(batch, checked((int)(position + at)), length);
            at += length;
        }

        PublishEnd(position + batches.Length);
    }

    /// <summary>
    /// Finds the first batch at or after <paramref name="startPosition"/> whose last offset is at least
    /// <paramref name="offset"/>; returns its position and header, or false when the segment has none.
    /// </summary>
    public bool TryFindBatch(long offset, long startPosition, long maxPosition, out long position, out RecordBatchHeader header)
    {
        Span<byte> buffer = stackalloc byte[RecordBatchHeader.Size];
        position = Math.Max(startPosition, OffsetIndex.Lookup(offset).Position);
        long limit = Math.Min(maxPosition, Size);
        while (position + RecordBatchHeader.Size <= limit)
        {
            if (ReadHeader(buffer, position) < buffer.Length || !RecordBatchHeader.TryRead(buffer, out header))
            {
                break;
            }

            if (header.LastOffset >= offset)
            {
                return true;
            }

            position += header.TotalSize;
        }

        header = default;
        return false;
    }

    /// <summary>Takes a lease; false when the segment is already deleted and released.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            int refs = Volatile.Read(ref _refs);
            if (refs == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _refs, refs + 1, refs) == refs)
            {
                return true;
            }
        }
    }

    /// <summary>Gives a lease back; the last release of a deleted segment removes its files.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0)
        {
            CloseHandles();
            if (IsDeleted)
            {
                DeleteFiles();
            }
        }
    }

    /// <summary>Fsyncs the log file and the index pages.</summary>
    public void Flush()
    {
        RandomAccess.FlushToDisk(_log);
        OffsetIndex.Flush();
        TimeIndex.Flush();
        TxnIndex.Flush();
    }

    /// <summary>Called when a newer segment takes over appends: final time index entry, then trim the indexes.</summary>
    public void OnBecomeInactive()
    {
        if (_maxTimestamp >= 0)
        {
            TimeIndex.MaybeAppend(_maxTimestamp, _offsetOfMaxTimestamp);
        }

        OffsetIndex.Seal();
        TimeIndex.Seal();
    }

    /// <summary>
    /// Removes the segment from use: files are renamed to <c>.deleted</c> now and removed once the last lease is released.
    /// </summary>
    public void MarkDeleted() => MarkDeleted(keepTxnIndex: false);

    /// <summary>As <see cref="MarkDeleted()"/>; with <paramref name="keepTxnIndex"/> the <c>.txnindex</c> stays for the segment replacing this one.</summary>
    internal void MarkDeleted(bool keepTxnIndex)
    {
        if (Interlocked.Exchange(ref _deleted, 1) != 0)
        {
            return;
        }

        string deleted = LogPath + LogFileNames.DeletedSuffix;
        File.Move(LogPath, deleted, overwrite: true);
        LogPath = deleted;
        OffsetIndex.RenameTo(OffsetIndex.Path + LogFileNames.DeletedSuffix);
        TimeIndex.RenameTo(TimeIndex.Path + LogFileNames.DeletedSuffix);
        _keepTxnIndex = keepTxnIndex;
        if (!keepTxnIndex)
        {
            TxnIndex.RenameTo(TxnIndex.Path + LogFileNames.DeletedSuffix);
        }

        Release();
    }

    /// <summary>Closes the files without deleting them (log shutdown).</summary>
    public void Close() => Release();

    /// <summary>
    /// Cuts the log file at <paramref name="validBytes"/> (recovery or truncation). <see cref="NextOffset"/> must
    /// already be the offset after the last batch kept.
    /// </summary>
    internal void TruncateFileTo(long validBytes)
    {
        Interlocked.Increment(ref _generation);
        Ends.Clear();
        RandomAccess.SetLength(_log, validBytes);
        PublishEnd(validBytes);
    }

    /// <summary>Publishes <paramref name="size"/> bytes, ending before <see cref="NextOffset"/>, to readers.</summary>
    internal void PublishEnd(long size)
    {
        Ends.Publish(size, NextOffset);
        Volatile.Write(ref _size, size);
    }

    /// <summary>Reads one batch header's bytes at <paramref name="position"/>, counted in <see cref="HeaderReads"/>.</summary>
    internal int ReadHeader(Span<byte> buffer, long position)
    {
        Interlocked.Increment(ref _headerReads);
        return RandomAccess.Read(_log, buffer, position);
    }

    /// <summary>Restores the appender's view of the segment after recovery or loading.</summary>
    internal void ResetState(long nextOffset, long maxTimestamp, long offsetOfMaxTimestamp, long rollingTimestamp, int bytesSinceLastIndexEntry)
    {
        NextOffset = nextOffset;
        Volatile.Write(ref _maxTimestamp, maxTimestamp);
        Volatile.Write(ref _offsetOfMaxTimestamp, offsetOfMaxTimestamp);
        _rollingTimestamp = rollingTimestamp;
        _bytesSinceLastIndexEntry = bytesSinceLastIndexEntry;
    }

    /// <summary>Accounts one batch that is already in the file at <paramref name="position"/>: indexes, timestamps, next offset.</summary>
    internal void NoteBatch(ReadOnlySpan<byte> header, int position, int length)
    {
        long lastOffset = BinaryPrimitives.ReadInt64BigEndian(header)
            + BinaryPrimitives.ReadInt32BigEndian(header[RecordBatchHeader.LastOffsetDeltaOffset..]);
        long maxTimestamp = BinaryPrimitives.ReadInt64BigEndian(header[RecordBatchHeader.MaxTimestampOffset..]);
        if (_rollingTimestamp < 0)
        {
            _rollingTimestamp = maxTimestamp;
        }

        if (maxTimestamp > _maxTimestamp)
        {
            Volatile.Write(ref _offsetOfMaxTimestamp, lastOffset);
            Volatile.Write(ref _maxTimestamp, maxTimestamp);
        }

        if (_bytesSinceLastIndexEntry > IndexIntervalBytes)
        {
            OffsetIndex.TryAppend(lastOffset, position);
            TimeIndex.MaybeAppend(_maxTimestamp, _offsetOfMaxTimestamp);
            _bytesSinceLastIndexEntry = 0;
        }

        _bytesSinceLastIndexEntry += length;
        NextOffset = lastOffset + 1;
    }

    private void CloseHandles()
    {
        OffsetIndex.Dispose();
        TimeIndex.Dispose();
        TxnIndex.Dispose();
        Volatile.Read(ref _sendStream)?.Dispose();
        _log.Dispose();
    }

    private void DeleteFiles()
    {
        File.Delete(LogPath);
        File.Delete(OffsetIndex.Path);
        File.Delete(TimeIndex.Path);
        if (!_keepTxnIndex)
        {
            File.Delete(TxnIndex.Path);
        }
    }
}
