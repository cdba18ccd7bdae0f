using System.Buffers;

namespace KafkaNet.Protocol.Compression;

/// <summary>Write-only stream that appends to an <see cref="IBufferWriter{T}"/>, for encoders that only speak Stream.</summary>
internal sealed class BufferWriterStream : Stream
{
    private readonly IBufferWriter<byte> _destination;
    private long _written;

    public BufferWriterStream(IBufferWriter<byte> destination) => _destination = destination;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _destination.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
