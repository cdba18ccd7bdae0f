namespace KafkaNet.Storage;

/// <summary>
/// Sparse map from timestamp to offset in a segment, as Kafka's <c>.timeindex</c>: 12-byte entries of int64
/// timestamp and int32 relative offset, big-endian. An entry is added only when the segment's max timestamp grows,
/// so timestamps strictly increase; it names the last offset of the batch that first reached that timestamp.
/// </summary>
public sealed class TimeIndex : MappedIndex
{
    public const int EntryBytes = 12;

    public TimeIndex(string path, long baseOffset, int maxIndexBytes, bool mutable)
        : base(path, baseOffset, EntryBytes, maxIndexBytes, mutable)
    {
    }

    /// <summary>Timestamp of the last entry, or -1 when empty.</summary>
    public long LastTimestamp => Entries == 0 ? -1 : TimestampAt(Entries - 1);

    /// <summary>Last entry, or (-1, base offset) when empty.</summary>
    public TimeIndexEntry LastEntry => Entries == 0 ? new TimeIndexEntry(-1, BaseOffset) : EntryAt(Entries - 1);

    /// <summary>Adds an entry when <paramref name="timestamp"/> exceeds the last one. False when nothing was added.</summary>
    public bool MaybeAppend(long timestamp, long offset)
    {
        int count = Entries;
        if (!CanAppend || (count > 0 && (timestamp <= TimestampAt(count - 1) || offset < OffsetAt(count - 1))))
        {
            return false;
        }

        WriteInt64(count, 0, timestamp);
        WriteInt32(count, 8, checked((int)(offset - BaseOffset)));
        PublishOne();
        return true;
    }

    /// <summary>
    /// The last entry with a timestamp strictly below <paramref name="timestamp"/>: every record up to its offset is
    /// older than the target, so a search can start there. (-1, base offset) when there is none.
    /// </summary>
    public TimeIndexEntry LookupBefore(long timestamp)
    {
        int entry = LargestAtMost(timestamp, strict: true);
        return entry < 0 ? new TimeIndexEntry(-1, BaseOffset) : EntryAt(entry);
    }

    public TimeIndexEntry EntryAt(int entry) => new(TimestampAt(entry), OffsetAt(entry));

    /// <summary>Drops entries for offsets at or past <paramref name="offset"/>.</summary>
    public void TruncateTo(long offset)
    {
        int keep = Entries;
        while (keep > 0 && OffsetAt(keep - 1) >= offset)
        {
            keep--;
        }

        TruncateToEntries(keep);
    }

    /// <summary>Whole entries with increasing timestamps and non-decreasing offsets.</summary>
    public bool IsSane()
    {
        if (!LengthWasValid)
        {
            return false;
        }

        for (int i = 1; i < Entries; i++)
        {
            if (TimestampAt(i) <= TimestampAt(i - 1) || OffsetAt(i) < OffsetAt(i - 1))
            {
                return false;
            }
        }

        return Entries == 0 || OffsetAt(0) >= BaseOffset;
    }

    protected override long KeyAt(int entry) => TimestampAt(entry);

    private long TimestampAt(int entry) => ReadInt64(entry, 0);

    private long OffsetAt(int entry) => BaseOffset + ReadInt32(entry, 8);
}
