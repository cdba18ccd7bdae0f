namespace KafkaNet.Storage;

/// <summary>
/// Where a segment ended after each of its recent appends, as (size, next offset) pairs: the bytes below the size
/// hold exactly the offsets below the next offset, and the next batch appended starts there with that offset.
/// Each pair is packed into one 64-bit word, so readers get a consistent pair without a lock. One writer.
/// </summary>
internal sealed class SegmentEnds
{
    private const int RecentCount = 8;
    private const long Unknown = -1;
    private readonly long _baseOffset;
    private readonly long[] _recent = new long[RecentCount];
    private long _current = Unknown;
    private int _cursor;

    public SegmentEnds(long baseOffset)
    {
        _baseOffset = baseOffset;
        Array.Fill(_recent, Unknown);
    }

    /// <summary>Records a new end (writer only). An end that cannot be packed is left unknown; readers then scan.</summary>
    public void Publish(long size, long nextOffset)
    {
        long packed = Pack(size, nextOffset - _baseOffset);
        Volatile.Write(ref _current, packed);
        if (packed != Unknown)
        {
            Volatile.Write(ref _recent[_cursor++ & (RecentCount - 1)], packed);
        }
    }

    /// <summary>Forgets every end (writer only, before the file is cut).</summary>
    public void Clear()
    {
        Volatile.Write(ref _current, Unknown);
        for (int i = 0; i < RecentCount; i++)
        {
            Volatile.Write(ref _recent[i], Unknown);
        }
    }

    /// <summary>The latest end; false while it is unknown (segment still loading).</summary>
    public bool TryGetCurrent(out long size, out long nextOffset)
    {
        long packed = Volatile.Read(ref _current);
        size = SizeOf(packed);
        nextOffset = _baseOffset + RelativeNextOf(packed);
        return packed != Unknown;
    }

    /// <summary>The size at which a recent append left the segment ending just before <paramref name="nextOffset"/>.</summary>
    public bool TryFindPosition(long nextOffset, out long position)
    {
        long relative = nextOffset - _baseOffset;
        if (relative is >= 0 and <= uint.MaxValue)
        {
            for (int i = 0; i < RecentCount; i++)
            {
                long packed = Volatile.Read(ref _recent[i]);
                if (packed != Unknown && RelativeNextOf(packed) == relative)
                {
                    position = SizeOf(packed);
                    return true;
                }
            }
        }

        position = 0;
        return false;
    }

    private static long Pack(long size, long relativeNext) =>
        size is >= 0 and < uint.MaxValue && relativeNext is >= 0 and <= uint.MaxValue ? (size << 32) | relativeNext : Unknown;

    private static long SizeOf(long packed) => (long)((ulong)packed >> 32);

    private static long RelativeNextOf(long packed) => (uint)packed;
}
