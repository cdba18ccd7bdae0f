using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// A fetch response whose record fields point at pooled buffers of down-converted message sets. The
/// connection writes it, then disposes it, which returns the buffers to the pool.
/// </summary>
internal sealed class DownConvertedResponse : IKafkaMessage, IDisposable
{
    private readonly List<PooledBufferWriter> _buffers = [];

    public DownConvertedResponse(IKafkaMessage message) => Message = message;

    public IKafkaMessage Message { get; }

    /// <summary>Hands <paramref name="buffer"/> to this response; it is returned to the pool when the response is disposed.</summary>
    public ReadOnlyMemory<byte> Attach(PooledBufferWriter buffer)
    {
        _buffers.Add(buffer);
        return buffer.WrittenMemory;
    }

    public int Size(short version) => Message.Size(version);

    public void Write(ref KafkaWriter writer, short version) => Message.Write(ref writer, version);

    public void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }
        _buffers.Clear();
    }
}
