namespace KafkaNet.Storage;

/// <summary>
/// Sparse map from offset to file position in a segment, as Kafka's <c>.index</c>: 8-byte entries of
/// int32 offset relative to the segment's base offset and int32 position, big-endian, offsets increasing.
/// An entry names the last offset of the batch that starts at the position.
/// </summary>
public sealed class OffsetIndex : MappedIndex
{
    public const int EntryBytes = 8;

    public OffsetIndex(string path, long baseOffset, int maxIndexBytes, bool mutable)
        : base(path, baseOffset, EntryBytes, maxIndexBytes, mutable)
    {
    }

    /// <summary>Offset of the last entry, or the base offset when empty.</summary>
    public long LastOffset => Entries == 0 ? BaseOffset : OffsetAt(Entries - 1);

    /// <summary>Adds an entry; offsets must increase. False when the index is full or sealed.</summary>
    public bool TryAppend(long offset, int position)
    {
        if (!CanAppend)
        {
            return false;
        }

        int count = Entries;
        if (count > 0 && offset <= OffsetAt(count - 1))
        {
            throw new InvalidOperationException($"Index offset {offset} does not follow {OffsetAt(count - 1)} in {Path}.");
        }

        WriteInt32(count, 0, checked((int)(offset - BaseOffset)));
        WriteInt32(count, 4, position);
        PublishOne();
        return true;
    }

    /// <summary>The entry with the largest offset at most <paramref name="offset"/>; the segment start when none is.</summary>
    public IndexEntry Lookup(long offset)
    {
        int entry = LargestAtMost(offset, strict: false);
        return entry < 0 ? new IndexEntry(BaseOffset, 0) : new IndexEntry(OffsetAt(entry), PositionAt(entry));
    }

    /// <summary>The largest indexed position at most <paramref name="position"/>, or 0: a batch boundary to scan from.</summary>
    public int LargestPositionAtMost(long position)
    {
        int low = 0;
        int high = Entries - 1;
        int found = 0;
        while (low <= high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            int candidate = PositionAt(mid);
            if (candidate <= position)
            {
                found = candidate;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Entry <paramref name="entry"/> as absolute offset and position.</summary>
    public IndexEntry EntryAt(int entry) => new(OffsetAt(entry), PositionAt(entry));

    /// <summary>Drops entries for offsets at or past <paramref name="offset"/>.</summary>
    public void TruncateTo(long offset) => TruncateToEntries(LargestAtMost(offset, strict: true) + 1);

    /// <summary>
    /// Kafka's sanity check plus ours: whole entries, offsets and positions increasing, positions inside the log.
    /// </summary>
    public bool IsSane(long logSize)
    {
        if (!LengthWasValid)
        {
            return false;
        }

        long previousOffset = -1;
        long previousPosition = -1;
        for (int i = 0; i < Entries; i++)
        {
            long offset = OffsetAt(i);
            long position = PositionAt(i);
            if (offset <= previousOffset || position <= previousPosition || position >= logSize || offset < BaseOffset)
            {
                return false;
            }

            previousOffset = offset;
            previousPosition = position;
        }

        return true;
    }

    protected override long KeyAt(int entry) => OffsetAt(entry);

    private long OffsetAt(int entry) => BaseOffset + ReadInt32(entry, 0);

    private int PositionAt(int entry) => ReadInt32(entry, 4);
}
