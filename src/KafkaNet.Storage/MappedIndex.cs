using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace KafkaNet.Storage;

/// <summary>
/// A file of fixed-size big-endian entries, memory-mapped so a large index never lives in the managed heap.
/// The active segment's index is preallocated to segment.index.bytes and trimmed to its entries on roll or close.
/// One writer appends; readers see only entries counted by the volatile entry count, which is published last.
/// </summary>
public abstract class MappedIndex : IDisposable
{
    private readonly FileStream _file;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly int _maxEntries;
    private int _entries;
    private bool _mutable;

    protected MappedIndex(string path, long baseOffset, int entrySize, int maxIndexBytes, bool mutable)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        BaseOffset = baseOffset;
        EntrySize = entrySize;
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
        long length = _file.Length;
        LengthWasValid = length % entrySize == 0;
        int existing = (int)Math.Min(length / entrySize, int.MaxValue);
        long capacity = mutable ? Math.Max(length - (length % entrySize), (long)(maxIndexBytes / entrySize) * entrySize) : existing * (long)entrySize;
        _maxEntries = (int)(capacity / entrySize);
        _mutable = mutable;
        if (capacity > 0)
        {
            _map = MemoryMappedFile.CreateFromFile(_file, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            _view = _map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
        }

        _entries = existing;
    }

    public string Path { get; private set; }

    public long BaseOffset { get; }

    public int EntrySize { get; }

    /// <summary>Entries readers may look at.</summary>
    public int Entries => Volatile.Read(ref _entries);

    public bool IsFull => Entries >= _maxEntries;

    /// <summary>False when the file length was not a whole number of entries (a sign of corruption).</summary>
    public bool LengthWasValid { get; }

    /// <summary>Bytes of entries, i.e. the size the file is trimmed to.</summary>
    public long SizeInBytes => (long)Entries * EntrySize;

    /// <summary>Forgets all entries so the index can be rebuilt from the log.</summary>
    public void Reset() => Volatile.Write(ref _entries, 0);

    /// <summary>Drops entries from <paramref name="count"/> on (log truncation).</summary>
    public void TruncateToEntries(int count) => Volatile.Write(ref _entries, Math.Min(count, Entries));

    /// <summary>Writes dirty pages of the mapping to disk.</summary>
    public void Flush() => _view?.Flush();

    /// <summary>
    /// Shrinks the file to its entries and stops further appends. The mapping stays valid for readers below the
    /// entry count (POSIX allows truncating a mapped file; pages past the end are never touched).
    /// </summary>
    public void Seal()
    {
        if (!_mutable)
        {
            return;
        }

        _mutable = false;
        _view?.Flush();
        if (!OperatingSystem.IsWindows())
        {
            _file.SetLength(SizeInBytes);
        }
    }

    public void RenameTo(string newPath)
    {
        File.Move(Path, newPath);
        Path = newPath;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        long size = SizeInBytes;
        _view?.Dispose();
        _map?.Dispose();
        if (_mutable)
        {
            _file.SetLength(size);
        }

        _file.Dispose();
    }

    /// <summary>Finds the last entry whose key is at most <paramref name="target"/> (or below it when <paramref name="strict"/>); -1 if none.</summary>
    protected int LargestAtMost(long target, bool strict)
    {
        int low = 0;
        int high = Entries - 1;
        int found = -1;
        while (low <= high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            long key = KeyAt(mid);
            if (key < target || (!strict && key == target))
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    /// <summary>The search key of an entry (offset or timestamp).</summary>
    protected abstract long KeyAt(int entry);

    /// <summary>Makes room for one entry; false when the index is full or sealed.</summary>
    protected bool CanAppend => _mutable && _view is not null && Entries < _maxEntries;

    protected int ReadInt32(int entry, int field)
    {
        int raw = View.ReadInt32(((long)entry * EntrySize) + field);
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
    }

    protected long ReadInt64(int entry, int field) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(View.ReadInt64(((long)entry * EntrySize) + field)) : View.ReadInt64(((long)entry * EntrySize) + field);

    protected void WriteInt32(int entry, int field, int value) => View.Write(((long)entry * EntrySize) + field, BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);

    protected void WriteInt64(int entry, int field, long value) => View.Write(((long)entry * EntrySize) + field, BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);

    /// <summary>Makes the entry written at the current count visible to readers.</summary>
    protected void PublishOne() => Volatile.Write(ref _entries, _entries + 1);

    private MemoryMappedViewAccessor View => _view ?? throw new InvalidOperationException("The index has no entries.");
}
