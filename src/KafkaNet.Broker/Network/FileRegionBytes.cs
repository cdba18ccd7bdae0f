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
    private FileStream? _stream;

    public FileRegionBytes(FileRegion region) => _region = region;

    public override int Length => _region.Length;

    /// <summary>Where the region starts in its segment file.</summary>
    public long FilePosition => _region.Position;

    /// <summary>
    /// An asynchronous read stream on the segment file for SendPacketsElement, which becomes
    /// sendfile on Linux. False if the file was renamed away meanwhile; the caller then copies.
    /// </summary>
    public bool TryOpenStream(out FileStream stream)
    {
        try
        {
            stream = _stream ??= new FileStream(_region.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.Asynchronous);
            return true;
        }
        catch (FileNotFoundException)
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
            _stream?.Dispose();
            _region.Dispose();
        }
    }
}
