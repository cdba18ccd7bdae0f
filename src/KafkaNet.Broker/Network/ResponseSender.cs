using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Sends responses for one connection, in order. With the connection's socket at hand (plaintext
/// Kestrel listeners), every response goes straight to the socket and log regions go with
/// sendfile, so header bytes and file bytes can never overtake each other. Otherwise (TLS,
/// in-memory transports) responses go through the pipe and regions are copied in once.
/// </summary>
internal sealed class ResponseSender : IDisposable
{
    private readonly PipeWriter _output;
    private readonly Socket? _socket;
    private readonly SendPacketsOperation? _sendPackets;
    private readonly ExternalSegments _external = [];

    public ResponseSender(PipeWriter output, Socket? socket)
    {
        _output = output;
        _socket = socket;
        if (socket is not null)
        {
            _sendPackets = new SendPacketsOperation();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(int correlationId, short headerVersion, IKafkaMessage body, short version, CancellationToken cancellationToken)
    {
        try
        {
            if (_socket is null)
            {
                ResponseWriter.Write(_output, correlationId, headerVersion, body, version);
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            await SendToSocketAsync(correlationId, headerVersion, body, version).ConfigureAwait(false);
        }
        finally
        {
            (body as IDisposable)?.Dispose();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendToSocketAsync(int correlationId, short headerVersion, IKafkaMessage body, short version)
    {
        int headerSize = ResponseWriter.PrefixSize(headerVersion) - 4;
        int logical = body.Size(version);
        long externalLength = body is LeasedResponse leased ? leased.ExternalLength : 0;
        int inMemory = 4 + headerSize + logical - (int)externalLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(inMemory);
        try
        {
            ResponseWriter.WritePrefix(buffer, correlationId, headerVersion, logical);
            _external.Clear();
            var writer = new KafkaWriter(buffer.AsSpan(4 + headerSize, inMemory - 4 - headerSize), _external);
            body.Write(ref writer, version);
            if (_external.Count == 0)
            {
                await SendAllAsync(buffer.AsMemory(0, inMemory)).ConfigureAwait(false);
                return;
            }
            var elements = new SendPacketsElement[_external.Count * 2 + 1];
            int at = 0;
            int count = 0;
            foreach (var segment in _external)
            {
                int end = 4 + headerSize + segment.Offset;
                elements[count++] = new SendPacketsElement(buffer.AsMemory(at, end - at));
                elements[count++] = segment.Bytes is FileRegionBytes file && file.TryOpenStream(out var stream)
                    ? new SendPacketsElement(stream, file.FilePosition + segment.Start, segment.Length)
                    : new SendPacketsElement(segment.Bytes.Memory.Slice(segment.Start, segment.Length));
                at = end;
            }
            elements[count++] = new SendPacketsElement(buffer.AsMemory(at, inMemory - at));
            await SendPacketsAsync(elements).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await _socket!.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private async ValueTask SendPacketsAsync(SendPacketsElement[] elements)
    {
        var error = await _sendPackets!.SendAsync(_socket!, elements).ConfigureAwait(false);
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }

    public void Dispose() => _sendPackets?.Dispose();
}
