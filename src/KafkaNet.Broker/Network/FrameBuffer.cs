using System.Buffers;

namespace KafkaNet.Broker.Network;

/// <summary>
/// One request frame in a pooled array. It grows as bytes arrive rather than trusting the size
/// prefix, so a peer that announces a large frame and sends little costs little memory; once
/// 64 KB have come it grows to 1 MB at once, so a typical produce request is moved at most once,
/// and only its first 64 KB.
/// </summary>
internal sealed class FrameBuffer : IDisposable
{
    private const int InitialSize = SocketConnection.ReceiveSize;
    private const int LargeSize = 1024 * 1024;

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
        EnsureCapacity(Filled + take);
        source.Slice(0, take).CopyTo(_array.AsSpan(Filled));
        Filled += take;
        return take;
    }

    /// <summary>
    /// Room for the next receive: at least 64 KB or the rest of the frame, never past the frame's
    /// end, so a receive cannot take bytes of the next frame.
    /// </summary>
    public Memory<byte> GetReceiveSpace()
    {
        EnsureCapacity(Filled + Math.Min(ExpectedLength - Filled, InitialSize));
        return _array.AsMemory(Filled, Math.Min(_array.Length, ExpectedLength) - Filled);
    }

    /// <summary>Counts <paramref name="count"/> bytes received into <see cref="GetReceiveSpace"/>.</summary>
    public void Advance(int count) => Filled += count;

    private void EnsureCapacity(int needed)
    {
        if (needed <= _array.Length)
        {
            return;
        }
        int size = Math.Min(ExpectedLength, Math.Max(needed, Math.Max(_array.Length * 2, LargeSize)));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, Filled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
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
