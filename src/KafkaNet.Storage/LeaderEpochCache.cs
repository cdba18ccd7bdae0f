using System.Globalization;
using System.Text;

namespace KafkaNet.Storage;

/// <summary>
/// Which leader epoch started at which offset, kept in Kafka's <c>leader-epoch-checkpoint</c>: version line 0,
/// count line, then <c>epoch startOffset</c> lines. Written only when an epoch begins, never per append.
/// </summary>
public sealed class LeaderEpochCache
{
    private const int Version = 0;
    private readonly string _path;
    private readonly List<(int Epoch, long StartOffset)> _entries = [];

    public LeaderEpochCache(string path)
    {
        _path = path;
        if (File.Exists(path))
        {
            string[] lines = File.ReadAllLines(path);
            int count = AtomicFile.ReadHeader(lines, Version, path);
            for (int i = 0; i < count; i++)
            {
                string[] parts = lines[i + 2].Split(' ');
                _entries.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>The latest epoch, or -1 when none is known.</summary>
    public int LatestEpoch => _entries.Count == 0 ? -1 : _entries[^1].Epoch;

    public IReadOnlyList<(int Epoch, long StartOffset)> Entries => _entries;

    /// <summary>The epoch that was leading when <paramref name="offset"/> was appended, or -1 when unknown.</summary>
    public int EpochFor(long offset)
    {
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].StartOffset <= offset)
            {
                return _entries[i].Epoch;
            }
        }

        return -1;
    }

    /// <summary>
    /// Where <paramref name="requestedEpoch"/> ended, as Kafka's OffsetForLeaderEpoch answers: the latest epoch ends at
    /// <paramref name="logEndOffset"/>; an earlier one at the start of the next larger epoch, reported with the largest
    /// known epoch not above it (or the requested one when it is below every known epoch); -1 (undefined) asks for
    /// nothing and an epoch above every known one is unknown: both give (-1, -1).
    /// </summary>
    public (int Epoch, long EndOffset) EndOffsetFor(int requestedEpoch, long logEndOffset)
    {
        // Appends add entries on another thread; this read is rare, so it takes the lock rather than the appends copying.
        lock (_entries)
        {
            if (requestedEpoch == -1)
            {
                return (-1, -1);
            }

            if (_entries.Count > 0 && _entries[^1].Epoch == requestedEpoch)
            {
                return (requestedEpoch, logEndOffset);
            }

            int higher = _entries.FindIndex(e => e.Epoch > requestedEpoch);
            if (higher < 0)
            {
                return (-1, -1);
            }

            return higher == 0 ? (requestedEpoch, _entries[0].StartOffset) : (_entries[higher - 1].Epoch, _entries[higher].StartOffset);
        }
    }

    /// <summary>
    /// Records that <paramref name="epoch"/> starts at <paramref name="startOffset"/> unless the latest entry already
    /// says so. Entries that would break the order (an epoch not below it, or a start not below it) go first, as in
    /// Kafka: a leader that wrote nothing in its epoch leaves an entry the next epoch replaces.
    /// </summary>
    public void Assign(int epoch, long startOffset)
    {
        if (epoch < 0 || startOffset < 0)
        {
            return;
        }

        // Every writer holds the log's append lock, so this check before taking the list's lock sees the latest entry.
        if (_entries.Count > 0 && _entries[^1].Epoch == epoch && _entries[^1].StartOffset <= startOffset)
        {
            return;
        }

        lock (_entries)
        {
            while (_entries.Count > 0 && (_entries[^1].Epoch >= epoch || _entries[^1].StartOffset >= startOffset))
            {
                _entries.RemoveAt(_entries.Count - 1);
            }

            _entries.Add((epoch, startOffset));
            Save();
        }
    }

    /// <summary>Forgets epochs that start at or after <paramref name="endOffset"/> (log truncated there).</summary>
    public void TruncateFromEnd(long endOffset)
    {
        int removed;
        lock (_entries)
        {
            removed = _entries.RemoveAll(e => e.StartOffset >= endOffset);
            if (removed > 0)
            {
                Save();
            }
        }
    }

    /// <summary>
    /// The log now starts at <paramref name="startOffset"/>: epochs that began below it are forgotten except the last
    /// of them, which now begins there (it still led at that offset). Rewritten atomically when anything changed.
    /// </summary>
    public void TruncateFromStart(long startOffset)
    {
        bool changed = false;
        lock (_entries)
        {
            int floor = _entries.FindLastIndex(e => e.StartOffset <= startOffset);
            if (floor >= 0 && (floor > 0 || _entries[0].StartOffset < startOffset))
            {
                int epoch = _entries[floor].Epoch;
                _entries.RemoveRange(0, floor + 1);
                _entries.Insert(0, (epoch, startOffset));
                changed = true;
            }

            if (changed)
            {
                Save();
            }
        }
    }

    /// <summary>Forgets every epoch (the log was emptied to restart at another offset) and rewrites the file.</summary>
    public void Clear()
    {
        lock (_entries)
        {
            _entries.Clear();
            Save();
        }
    }

    // Under the lock: the file is always one consistent state of the list, written by one thread at a time.
    private void Save()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Version}\n{_entries.Count}\n");
        foreach ((int epoch, long start) in _entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{epoch} {start}\n");
        }

        AtomicFile.WriteAllText(_path, text.ToString());
    }
}
