using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Network;

/// <summary>
/// A leased log region as message bytes: the socket path sends it with sendfile, any other path
/// copies it once. Disposing releases the segment lease.
/// </summary>
internal sealed class FileRegionBytes : ExternalBytes
{
    private readonly FileRegion _region;

    public FileRegionBytes(FileRegion region) => _region = region;

    public override int Length => _region.Length;

    /// <summary>Where the region starts in its segment file.</summary>
    public long FilePosition => _region.Position;

    /// <summary>
    /// The segment's send stream for SendPacketsElement, which becomes sendfile on Linux: opened
    /// once per segment, never per response. False if the region was released meanwhile; the
    /// caller then copies.
    /// </summary>
    public bool TryOpenStream(out FileStream stream)
    {
        try
        {
            stream = _region.SendStream;
            return true;
        }
        catch (ObjectDisposedException)
        {
            stream = null!;
            return false;
        }
    }

    public override void CopyTo(int start, int length, Span<byte> destination) =>
        RandomAccess.Read(_region.Handle, destination[..length], _region.Position + start);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _region.Dispose();
        }
    }
}
