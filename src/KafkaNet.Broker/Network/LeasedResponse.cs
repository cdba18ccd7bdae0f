using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>
/// A response whose record fields point at leased log regions. The connection sends the regions
/// (sendfile or one copy), then disposes this to release the leases.
/// </summary>
public sealed class LeasedResponse : IKafkaMessage, IDisposable
{
    private readonly List<IDisposable> _leases = [];

    public LeasedResponse(IKafkaMessage message) => Message = message;

    public IKafkaMessage Message { get; }

    /// <summary>Bytes of the response that live in files rather than in memory.</summary>
    public long ExternalLength { get; private set; }

    /// <summary>Wraps a leased region as bytes for a records field; the lease ends with this response.</summary>
    internal ReadOnlyMemory<byte> Attach(KafkaNet.Storage.FileRegion region)
    {
        var bytes = new FileRegionBytes(region);
        _leases.Add(bytes);
        ExternalLength += region.Length;
        return bytes.Memory;
    }

    public int Size(short version) => Message.Size(version);

    public void Write(ref KafkaWriter writer, short version) => Message.Write(ref writer, version);

    public void Dispose()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }
        _leases.Clear();
    }
}
