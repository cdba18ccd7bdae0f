using System.Buffers;

namespace KafkaNet.Protocol;

/// <summary>
/// Bytes a message refers to without holding them: a region of a file that the transport sends
/// itself (with sendfile) after the bytes written before it. Put one in a bytes or records field
/// through <see cref="MemoryManager{T}.Memory"/>. A <see cref="KafkaWriter"/> built with an
/// <see cref="ExternalSegments"/> list records where each region goes instead of copying it;
/// any other writer copies it in (the single copy of the TLS and in-memory paths).
/// </summary>
public abstract class ExternalBytes : MemoryManager<byte>
{
    private byte[]? _materialized;

    public abstract int Length { get; }

    /// <summary>A memory of <see cref="Length"/> bytes that never loads them: the base class would call GetSpan to learn the length.</summary>
    public override Memory<byte> Memory => CreateMemory(Length);

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="start"/> into <paramref name="destination"/>.</summary>
    public abstract void CopyTo(int start, int length, Span<byte> destination);

    /// <summary>Reading the bytes directly loads them once; writers avoid this by calling <see cref="CopyTo"/>.</summary>
    public override Span<byte> GetSpan()
    {
        if (_materialized is null)
        {
            var bytes = new byte[Length];
            CopyTo(0, Length, bytes);
            _materialized = bytes;
        }
        return _materialized;
    }

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("external bytes cannot be pinned");

    public override void Unpin()
    {
    }
}
