using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Reads Kafka frames (a 4-byte big-endian size, then that many bytes) from a pipe. The size is
/// checked against socket.request.max.bytes before a single byte of the body is buffered.
/// </summary>
internal static class FrameReader
{
    /// <summary>The next frame, or null when the peer closed cleanly between frames.</summary>
    public static async ValueTask<FrameBuffer?> ReadAsync(PipeReader input, int maxBytes, CancellationToken cancellationToken)
    {
        int size;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                size = ReadSize(buffer);
                if (size < 0 || size > maxBytes)
                {
                    input.AdvanceTo(buffer.Start);
                    throw new InvalidFrameException($"frame size {size} is outside 0..{maxBytes} (socket.request.max.bytes)");
                }
                input.AdvanceTo(buffer.GetPosition(4));
                break;
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.Length == 0 ? null : throw new InvalidFrameException("connection closed inside a frame size");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }

        var frame = new FrameBuffer(size);
        try
        {
            while (!frame.IsComplete)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                int taken = frame.Append(result.Buffer);
                input.AdvanceTo(result.Buffer.GetPosition(taken));
                if (!frame.IsComplete && result.IsCompleted)
                {
                    throw new InvalidFrameException($"connection closed after {frame.Filled} of {size} frame bytes");
                }
            }
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    private static int ReadSize(ReadOnlySequence<byte> buffer)
    {
        Span<byte> size = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(size);
        return BinaryPrimitives.ReadInt32BigEndian(size);
    }
}
