namespace KafkaNet.Storage;

/// <summary>
/// The last few regions a partition handed out, so a consumer whose next read starts where its last region ended
/// finds the file position without reading batch headers. A region is trusted only for the very segment object it
/// was read from (compaction and retention replace or drop segments) and only while that segment has not been cut
/// since. Lock-free: slots hold immutable regions and are overwritten round-robin.
/// </summary>
internal sealed class ReadPositionCache
{
    private const int Slots = 8;
    private readonly FileRegion?[] _regions = new FileRegion?[Slots];
    private int _cursor;

    /// <summary>Remembers where <paramref name="region"/> ended, if a read can continue from there.</summary>
    public void Remember(FileRegion region)
    {
        if (region.OffsetAtEnd >= 0)
        {
            Volatile.Write(ref _regions[Interlocked.Increment(ref _cursor) & (Slots - 1)], region);
        }
    }

    /// <summary>
    /// The position of the batch with base offset <paramref name="offset"/> in <paramref name="segment"/> (or the
    /// segment end where it will be appended), if a remembered region of that segment ended there.
    /// </summary>
    public bool TryFind(LogSegment segment, int generation, long offset, out long position)
    {
        for (int i = 0; i < Slots; i++)
        {
            FileRegion? region = Volatile.Read(ref _regions[i]);
            if (region is not null && region.OffsetAtEnd == offset && ReferenceEquals(region.Segment, segment) && region.Generation == generation)
            {
                position = region.End;
                return true;
            }
        }

        position = 0;
        return false;
    }
}
