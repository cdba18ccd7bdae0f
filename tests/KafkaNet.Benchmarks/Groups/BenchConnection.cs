using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// One TCP connection speaking the wire protocol with the generated messages: one request in flight,
/// header versions from the API table. Sending and receiving are separate so a caller can time the send.
/// </summary>
internal sealed class BenchConnection : IDisposable
{
    private const string ClientId = "group-bench";
    private readonly Socket _socket;
    private readonly byte[] _sizePrefix = new byte[4];
    private byte[] _sendBuffer = new byte[4096];
    private int _correlationId;

    private BenchConnection(Socket socket) => _socket = socket;

    public static async Task<BenchConnection> OpenAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new BenchConnection(socket);
    }

    /// <summary>Opens <paramref name="count"/> connections one after another.</summary>
    public static async Task<BenchConnection[]> OpenManyAsync(int port, int count, CancellationToken cancellationToken)
    {
        var connections = new BenchConnection[count];
        for (int i = 0; i < count; i++)
        {
            connections[i] = await OpenAsync(port, cancellationToken).ConfigureAwait(false);
        }
        return connections;
    }

    /// <summary>Sends a request and returns when it has left; the answer is read with <see cref="ReceiveAsync{TResponse}"/>.</summary>
    public async ValueTask SendAsync(short apiKey, short version, IKafkaMessage request, CancellationToken cancellationToken)
    {
        var api = ApiTable.Find(apiKey) ?? throw new ArgumentOutOfRangeException(nameof(apiKey));
        short headerVersion = api.RequestHeaderVersion(version);
        var header = new RequestHeader { RequestApiKey = apiKey, RequestApiVersion = version, CorrelationId = ++_correlationId, ClientId = ClientId };
        int size = header.Size(headerVersion) + request.Size(version);
        if (_sendBuffer.Length < 4 + size)
        {
            _sendBuffer = new byte[Math.Max(4 + size, _sendBuffer.Length * 2)];
        }
        BinaryPrimitives.WriteInt32BigEndian(_sendBuffer, size);
        var writer = new KafkaWriter(_sendBuffer.AsSpan(4, size));
        header.Write(ref writer, headerVersion);
        request.Write(ref writer, version);
        await _socket.SendAsync(_sendBuffer.AsMemory(0, 4 + size), SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the answer to the request sent last; its frame is a new array, so the response may keep slices of it.</summary>
    public async ValueTask<TResponse> ReceiveAsync<TResponse>(short apiKey, short version, CancellationToken cancellationToken)
        where TResponse : IKafkaMessage<TResponse>
    {
        await ReadExactlyAsync(_sizePrefix, cancellationToken).ConfigureAwait(false);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(_sizePrefix)];
        await ReadExactlyAsync(frame, cancellationToken).ConfigureAwait(false);
        var reader = new KafkaReader(frame);
        var header = ResponseHeader.Read(ref reader, ApiTable.Find(apiKey)!.ResponseHeaderVersion(version));
        if (header.CorrelationId != _correlationId)
        {
            throw new InvalidOperationException($"answer {header.CorrelationId} to request {_correlationId}");
        }
        return TResponse.Read(ref reader, version);
    }

    public async ValueTask<TResponse> RequestAsync<TResponse>(short apiKey, short version, IKafkaMessage request, CancellationToken cancellationToken)
        where TResponse : IKafkaMessage<TResponse>
    {
        await SendAsync(apiKey, version, request, cancellationToken).ConfigureAwait(false);
        return await ReceiveAsync<TResponse>(apiKey, version, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _socket.Dispose();

    public static void DisposeAll(IEnumerable<BenchConnection> connections)
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the broker closed the connection");
            }
            buffer = buffer[read..];
        }
    }
}
