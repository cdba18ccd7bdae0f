using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Reads Kafka frames (a 4-byte big-endian size, then that many bytes). The size is checked
/// against socket.request.max.bytes before a single byte of the body is buffered. Given the
/// socket under a pipe that never reads ahead, the part of a frame the pipe has not buffered is
/// received straight into the frame's buffer: one copy from the kernel.
/// </summary>
internal static class FrameReader
{
    /// <summary>The next frame, or null when the peer closed cleanly between frames.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<FrameBuffer?> ReadAsync(PipeReader input, Socket? directSocket, int maxBytes, string limitName, CancellationToken cancellationToken)
    {
        ReadResult result;
        ReadOnlySequence<byte> buffer;
        while (true)
        {
            result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            buffer = result.Buffer;
            if (buffer.Length >= 4)
            {
                break;
            }
            if (result.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.Length == 0 ? null : throw new InvalidFrameException("connection closed inside a frame size");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }

        int size = ReadSize(buffer);
        if (size < 0 || size > maxBytes)
        {
            input.AdvanceTo(buffer.Start);
            throw new InvalidFrameException($"frame size {size} is outside 0..{maxBytes} ({limitName})");
        }
        var frame = new FrameBuffer(size);
        try
        {
            var body = buffer.Slice(4);
            int taken = frame.Append(body);
            input.AdvanceTo(body.GetPosition(taken));
            bool drained = taken == body.Length;
            bool ended = result.IsCompleted;
            while (!frame.IsComplete)
            {
                if (ended)
                {
                    throw new InvalidFrameException($"connection closed after {frame.Filled} of {size} frame bytes");
                }
                if (directSocket is not null && drained)
                {
                    int received = await directSocket.ReceiveAsync(frame.GetReceiveSpace(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    frame.Advance(received);
                    ended = received == 0;
                    continue;
                }
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                taken = frame.Append(result.Buffer);
                input.AdvanceTo(result.Buffer.GetPosition(taken));
                drained = taken == result.Buffer.Length;
                ended = result.IsCompleted;
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
