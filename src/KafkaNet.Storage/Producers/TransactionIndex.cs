using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Storage.Producers;

/// <summary>
/// The aborted transaction index of one segment (<c>.txnindex</c>), Kafka's format: 34-byte entries of version
/// int16 0, producer id int64, first offset int64, last offset int64, last stable offset int64. An entry is added
/// for each ABORT marker the segment holds, in marker order. The entries are kept in memory, loaded once; the file
/// is created on the first entry. One writer (under the log's append lock); readers take no lock: an entry is
/// stored before the count that covers it is published, and a grown array before the count.
/// </summary>
internal sealed class TransactionIndex : IDisposable
{
    public const int EntrySize = 34;
    private const short Version = 0;

    private AbortedTransaction[] _entries;
    private int _count;
    private SafeFileHandle? _file;
    private bool _dirty;

    public TransactionIndex(string path)
    {
        Path = path;
        _entries = Load(path, out _count, out bool trailing);
        if (trailing)
        {
            // Whatever follows the last whole entry must not resurface under later appends.
            RandomAccess.SetLength(OpenFile(), (long)_count * EntrySize);
        }
    }

    public string Path { get; private set; }

    /// <summary>Adds an entry at the end of the file and of the list.</summary>
    public void Append(AbortedTransaction entry)
    {
        Span<byte> bytes = stackalloc byte[EntrySize];
        BinaryPrimitives.WriteInt16BigEndian(bytes, Version);
        BinaryPrimitives.WriteInt64BigEndian(bytes[2..], entry.ProducerId);
        BinaryPrimitives.WriteInt64BigEndian(bytes[10..], entry.FirstOffset);
        BinaryPrimitives.WriteInt64BigEndian(bytes[18..], entry.LastOffset);
        BinaryPrimitives.WriteInt64BigEndian(bytes[26..], entry.LastStableOffset);
        int count = _count;
        RandomAccess.Write(OpenFile(), bytes, (long)count * EntrySize);
        _dirty = true;
        if (count == _entries.Length)
        {
            var grown = new AbortedTransaction[Math.Max(4, count * 2)];
            _entries.AsSpan(0, count).CopyTo(grown);
            Volatile.Write(ref _entries, grown);
        }

        _entries[count] = entry;
        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>Drops the entries whose marker is at or after <paramref name="offset"/> (they are rebuilt by replay).</summary>
    public void TruncateFrom(long offset)
    {
        int keep = _count;
        while (keep > 0 && _entries[keep - 1].LastOffset >= offset)
        {
            keep--;
        }

        if (keep == _count)
        {
            return;
        }

        Volatile.Write(ref _count, keep);
        RandomAccess.SetLength(OpenFile(), (long)keep * EntrySize);
        _dirty = true;
    }

    /// <summary>
    /// Adds the entries that overlap [<paramref name="startOffset"/>, <paramref name="upperBoundOffset"/>). Returns true
    /// when an entry's last stable offset reaches the upper bound: every transaction that began below the bound ended
    /// by then, so later segments hold nothing more to collect.
    /// </summary>
    public bool Collect(long startOffset, long upperBoundOffset, List<AbortedTransaction> into)
    {
        int count = Volatile.Read(ref _count);
        AbortedTransaction[] entries = Volatile.Read(ref _entries);
        // Markers are appended in offset order: skip those that end before the start.
        int low = 0;
        int high = count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (entries[mid].LastOffset < startOffset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (int i = low; i < count; i++)
        {
            AbortedTransaction entry = entries[i];
            if (entry.FirstOffset < upperBoundOffset)
            {
                into.Add(entry);
            }

            if (entry.LastStableOffset >= upperBoundOffset)
            {
                return true;
            }
        }

        return false;
    }

    public void Flush()
    {
        if (_dirty && _file is not null)
        {
            RandomAccess.FlushToDisk(_file);
            _dirty = false;
        }
    }

    /// <summary>Renames the file, if there is one (segment deletion).</summary>
    public void RenameTo(string path)
    {
        if (File.Exists(Path))
        {
            File.Move(Path, path, overwrite: true);
        }

        Path = path;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }

    private SafeFileHandle OpenFile() =>
        _file ??= File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    // Reads whole entries up to the first torn or unknown one; replay after a crash rewrites what follows.
    private static AbortedTransaction[] Load(string path, out int count, out bool trailing)
    {
        count = 0;
        trailing = false;
        if (!File.Exists(path))
        {
            return [];
        }

        byte[] bytes = File.ReadAllBytes(path);
        var entries = new AbortedTransaction[Math.Max(4, bytes.Length / EntrySize)];
        for (int at = 0; at + EntrySize <= bytes.Length; at += EntrySize)
        {
            ReadOnlySpan<byte> entry = bytes.AsSpan(at, EntrySize);
            if (BinaryPrimitives.ReadInt16BigEndian(entry) != Version)
            {
                break;
            }

            entries[count++] = new AbortedTransaction(
                BinaryPrimitives.ReadInt64BigEndian(entry[2..]),
                BinaryPrimitives.ReadInt64BigEndian(entry[10..]),
                BinaryPrimitives.ReadInt64BigEndian(entry[18..]),
                BinaryPrimitives.ReadInt64BigEndian(entry[26..]));
        }

        trailing = bytes.Length != count * EntrySize;
        return entries;
    }
}
