using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>A plain TCP socket to the broker for sending hand-made and malformed frames.</summary>
internal sealed class RawKafkaConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private RawKafkaConnection(Socket socket) => _socket = socket;

    public static async Task<RawKafkaConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawKafkaConnection(socket);
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Sends a request frame: size, header v1 or v2, body.</summary>
    public Task SendRequestAsync(short apiKey, short version, int correlationId, IKafkaMessage body, bool flexibleHeader, string clientId = "raw-test") =>
        SendAsync(RequestFrame(apiKey, version, correlationId, body, flexibleHeader, clientId));

    /// <summary>A request frame (size, header v1 or v2, body), for tests that send several in one write.</summary>
    public static byte[] RequestFrame(short apiKey, short version, int correlationId, IKafkaMessage body, bool flexibleHeader, string clientId = "raw-test")
    {
        int headerSize = 2 + 2 + 4 + 2 + clientId.Length + (flexibleHeader ? 1 : 0);
        int bodySize = body.Size(version);
        var frame = new byte[4 + headerSize + bodySize];
        BinaryPrimitives.WriteInt32BigEndian(frame, headerSize + bodySize);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), (short)clientId.Length);
        System.Text.Encoding.ASCII.GetBytes(clientId, frame.AsSpan(14));
        var writer = new KafkaWriter(frame.AsSpan(4 + headerSize));
        body.Write(ref writer, version);
        return frame;
    }

    /// <summary>The next response frame (without its size prefix), or null if the broker closed the connection.</summary>
    public async Task<byte[]?> ReceiveFrameAsync()
    {
        var size = new byte[4];
        if (!await ReadExactlyAsync(size))
        {
            return null;
        }
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        return await ReadExactlyAsync(body) ? body : null;
    }

    /// <summary>True when the broker closes the connection (end of stream or reset) within the timeout.</summary>
    public async Task<bool> IsClosedByBrokerAsync()
    {
        var buffer = new byte[256];
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var cts = new CancellationTokenSource(Timeout);
        int filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                int read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    return false;
                }
                filled += read;
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
