using System.Buffers;

namespace KafkaNet.Broker.Network;

/// <summary>
/// One request frame in a pooled array. It grows as bytes arrive rather than trusting the size
/// prefix, so a peer that announces a large frame and sends little costs little memory.
/// </summary>
internal sealed class FrameBuffer : IDisposable
{
    private const int InitialSize = 16 * 1024;

    private byte[] _array;

    public FrameBuffer(int expectedLength)
    {
        ExpectedLength = expectedLength;
        _array = ArrayPool<byte>.Shared.Rent(Math.Min(expectedLength, InitialSize));
    }

    public int ExpectedLength { get; }

    public int Filled { get; private set; }

    public bool IsComplete => Filled == ExpectedLength;

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Filled);

    /// <summary>Copies as much of <paramref name="source"/> as the frame still needs; returns the count taken.</summary>
    public int Append(ReadOnlySequence<byte> source)
    {
        int take = (int)Math.Min(source.Length, ExpectedLength - Filled);
        if (Filled + take > _array.Length)
        {
            int size = Math.Min(ExpectedLength, Math.Max(Filled + take, _array.Length * 2));
            var larger = ArrayPool<byte>.Shared.Rent(size);
            _array.AsSpan(0, Filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
        source.Slice(0, take).CopyTo(_array.AsSpan(Filled));
        Filled += take;
        return take;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
