using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Observer;

/// <summary>
/// What a controller serves to brokers that follow the metadata log without voting (Kafka's observers):
/// the most recent committed entries, each at its offset, and a snapshot of the image for a broker
/// that asks for an offset older than what is kept. Also remembers how far each observer has fetched,
/// for DescribeQuorum.
/// </summary>
public sealed class MetadataLogFeed
{
    /// <summary>How many entries are kept for brokers that are behind; older ones are served as a snapshot.</summary>
    public const int DefaultRetainedEntries = 4096;

    /// <summary>Most bytes of entries kept in memory.</summary>
    public const long DefaultRetainedBytes = 16L * 1024 * 1024;

    // Each entry travels as its own record batch: a batch header and one record's framing around it.
    public const int EntryOverheadBytes = 80;

    private readonly Lock _lock = new();
    private readonly Queue<MetadataLogEntry> _entries = new();
    private readonly Dictionary<int, ObserverProgress> _observers = [];
    private readonly int _maxEntries;
    private readonly long _maxBytes;
    private long _retainedBytes;
    // Every applied entry from this offset on is in _entries; older ones only a snapshot carries.
    private long _keptFrom;
    // False after a snapshot restore until the next entry: the restored image's own offset is not known until then.
    private bool _offsetKnown = true;
    private MetadataImage _image = MetadataImage.Empty;
    private MetadataSnapshot? _snapshot;
    private TaskCompletionSource _appended = NewSignal();

    public MetadataLogFeed(int maxEntries = DefaultRetainedEntries, long maxBytes = DefaultRetainedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    /// <summary>The offset one past the last applied entry: a caught-up observer fetches from here.</summary>
    public long EndOffset
    {
        get
        {
            lock (_lock)
            {
                return _image.LastAppliedOffset + 1;
            }
        }
    }

    /// <summary>Records an applied entry and the image it produced.</summary>
    public void Append(long offset, ReadOnlySpan<byte> entry, MetadataImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        TaskCompletionSource appended;
        lock (_lock)
        {
            if (!_offsetKnown || _keptFrom == long.MaxValue)
            {
                _keptFrom = offset;
                _offsetKnown = true;
            }
            _entries.Enqueue(new MetadataLogEntry(offset, entry.ToArray()));
            _retainedBytes += entry.Length;
            while (_entries.Count > _maxEntries || (_retainedBytes > _maxBytes && _entries.Count > 1))
            {
                var dropped = _entries.Dequeue();
                _retainedBytes -= dropped.Entry.Length;
                // Offsets after the dropped one up to the next kept are gaps (Raft's own entries), not lost entries.
                _keptFrom = dropped.Offset + 1;
            }
            _image = image;
            appended = _appended;
            _appended = NewSignal();
        }
        appended.TrySetResult();
    }

    /// <summary>
    /// The image was replaced by a snapshot: entries before it are gone, so an observer behind it loads a snapshot.
    /// <paramref name="offsetKnown"/> is false when the image's offset is only known once the next entry is applied
    /// (a restore at startup); until then nothing is served.
    /// </summary>
    public void Reset(MetadataImage image, bool offsetKnown)
    {
        ArgumentNullException.ThrowIfNull(image);
        TaskCompletionSource appended;
        lock (_lock)
        {
            _entries.Clear();
            _retainedBytes = 0;
            _keptFrom = long.MaxValue;
            _offsetKnown = offsetKnown;
            _snapshot = null;
            _image = image;
            appended = _appended;
            _appended = NewSignal();
        }
        appended.TrySetResult();
    }

    /// <summary>
    /// Entries from <paramref name="fetchOffset"/> on (at least one when there is one, then up to
    /// <paramref name="maxBytes"/>), or a snapshot id when the entries there are no longer kept.
    /// </summary>
    public MetadataFeedRead Read(long fetchOffset, int maxBytes)
    {
        lock (_lock)
        {
            long end = _image.LastAppliedOffset + 1;
            if (!_offsetKnown)
            {
                return MetadataFeedRead.Entries([], fetchOffset);
            }
            if (fetchOffset >= end)
            {
                // Caught up, or ahead of a new leader still applying what it committed: nothing yet, never an error,
                // since a committed entry is never taken back.
                return MetadataFeedRead.Entries([], end);
            }
            if (fetchOffset < _keptFrom && fetchOffset < end)
            {
                if (_snapshot is null || _snapshot.EndOffset != end)
                {
                    _snapshot = new MetadataSnapshot(end, MetadataRecordWriter.ToBatch(_image.ToRecords()));
                }
                return MetadataFeedRead.Snapshot(_snapshot.EndOffset, end);
            }
            var batch = new List<MetadataLogEntry>();
            long bytes = 0;
            foreach (var entry in _entries)
            {
                if (entry.Offset < fetchOffset)
                {
                    continue;
                }
                long size = entry.Entry.Length + EntryOverheadBytes;
                if (batch.Count > 0 && bytes + size > maxBytes)
                {
                    break;
                }
                batch.Add(entry);
                bytes += size;
            }
            return MetadataFeedRead.Entries(batch, end);
        }
    }

    /// <summary>The snapshot with end offset <paramref name="endOffset"/>, or null when it is no longer the current one.</summary>
    public MetadataSnapshot? FindSnapshot(long endOffset)
    {
        lock (_lock)
        {
            return _snapshot is { } s && s.EndOffset == endOffset ? s : null;
        }
    }

    /// <summary>Completes when an entry is appended after this call, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForAppendAsync(long fetchOffset, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task appended;
        lock (_lock)
        {
            if (_offsetKnown && _image.LastAppliedOffset >= fetchOffset)
            {
                return;
            }
            appended = _appended.Task;
        }
        try
        {
            await appended.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Long poll over: answer with nothing new, as an empty Fetch.
        }
    }

    /// <summary>Notes that <paramref name="replicaId"/> fetched from <paramref name="fetchOffset"/>: it holds everything before it.</summary>
    public void RecordFetch(int replicaId, long fetchOffset, long nowMs)
    {
        lock (_lock)
        {
            bool caughtUp = fetchOffset >= _image.LastAppliedOffset + 1;
            long lastCaughtUp = caughtUp ? nowMs : _observers.TryGetValue(replicaId, out var before) ? before.LastCaughtUpTimestamp : -1;
            _observers[replicaId] = new ObserverProgress(replicaId, fetchOffset, nowMs, lastCaughtUp);
        }
    }

    /// <summary>The observers that fetched, by id.</summary>
    public IReadOnlyList<ObserverProgress> Observers()
    {
        lock (_lock)
        {
            return [.. _observers.Values.OrderBy(o => o.ReplicaId)];
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
