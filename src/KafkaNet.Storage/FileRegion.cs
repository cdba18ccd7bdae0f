using Microsoft.Win32.SafeHandles;

namespace KafkaNet.Storage;

/// <summary>
/// Whole batches of one segment as a range of its file, for sendfile or one copy. Holds a lease on the segment:
/// retention cannot remove the file until this is disposed.
/// </summary>
public sealed class FileRegion : IDisposable
{
    private LogSegment? _segment;

    internal FileRegion(LogSegment segment, int generation, long position, int length, long firstOffset, long offsetAtEnd)
    {
        _segment = segment;
        Segment = segment;
        Generation = generation;
        Handle = segment.Handle;
        Position = position;
        Length = length;
        FirstBatchBaseOffset = firstOffset;
        OffsetAtEnd = offsetAtEnd;
    }

    /// <summary>The segment file's handle, for positional reads (<see cref="RandomAccess"/>) only.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>
    /// The segment's stream for <c>SendPacketsElement(FileStream, long, int)</c> (sendfile on Linux), shared by every
    /// region of the segment and closed with it, so a send opens no file. Use it for SendPacketsElement only, with
    /// <see cref="Position"/> as the offset: its stream position means nothing, and it must not be read, written,
    /// sought or disposed.
    /// </summary>
    public FileStream SendStream => (_segment ?? throw new ObjectDisposedException(nameof(FileRegion))).SendStream;

    /// <summary>Byte position in the segment file.</summary>
    public long Position { get; }

    public int Length { get; }

    /// <summary>Base offset of the first batch in the region (may be below the offset asked for).</summary>
    public long FirstBatchBaseOffset { get; }

    /// <summary>
    /// Where a read that continues after this region starts: the base offset of the batch at the region's end, or of
    /// the next batch appended there; -1 when unknown.
    /// </summary>
    internal long OffsetAtEnd { get; }

    /// <summary>The segment read, kept after disposal so the region can serve as a read position hint.</summary>
    internal LogSegment Segment { get; }

    /// <summary><see cref="LogSegment.Generation"/> when the region was read.</summary>
    internal int Generation { get; }

    internal long End => Position + Length;

    /// <summary>The segment file's current path (it gains a .deleted suffix once retention has let go of it).</summary>
    public string FilePath => (_segment ?? throw new ObjectDisposedException(nameof(FileRegion))).LogPath;

    /// <summary>Base offset of the segment the region lies in.</summary>
    public long SegmentBaseOffset => (_segment ?? throw new ObjectDisposedException(nameof(FileRegion))).BaseOffset;

    /// <summary>Copies the region into <paramref name="destination"/>, which must hold <see cref="Length"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_segment is null, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length, nameof(destination));
        int read = 0;
        while (read < Length)
        {
            int n = RandomAccess.Read(Handle, destination[read..Length], Position + read);
            if (n == 0)
            {
                throw new IOException($"Segment file ended {Length - read} bytes before the region did.");
            }

            read += n;
        }
    }

    /// <summary>Copies the region into a new array (tests and tools; the broker sends the region instead).</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    public void Dispose() => Interlocked.Exchange(ref _segment, null)?.Release();
}
