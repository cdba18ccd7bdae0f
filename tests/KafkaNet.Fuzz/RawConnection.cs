using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>One request at a time over a plain socket, for the harness's own well-formed requests.</summary>
internal sealed class RawConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Socket _socket;
    private int _correlationId;

    private RawConnection(Socket socket) => _socket = socket;

    public static async Task<RawConnection> ConnectAsync(string bootstrap)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(ParseEndpoint(bootstrap), cts.Token).ConfigureAwait(false);
        return new RawConnection(socket);
    }

    public static IPEndPoint ParseEndpoint(string bootstrap)
    {
        int colon = bootstrap.LastIndexOf(':');
        var address = IPAddress.Parse(bootstrap[..colon] == "localhost" ? "127.0.0.1" : bootstrap[..colon]);
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("the fuzz harness only talks to loopback addresses");
        }
        return new IPEndPoint(address, int.Parse(bootstrap[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>True when the broker answers ApiVersions and Metadata lists it.</summary>
    public static async Task<bool> IsServingAsync(string bootstrap)
    {
        try
        {
            using var connection = await ConnectAsync(bootstrap).ConfigureAwait(false);
            var metadata = await connection.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 12, new MetadataRequest { Topics = [] }).ConfigureAwait(false);
            return metadata.Brokers.Count > 0;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or KafkaProtocolException)
        {
            return false;
        }
    }

    public async Task<T> SendAsync<T>(short apiKey, short version, IKafkaMessage request)
        where T : IKafkaMessage
    {
        int correlationId = ++_correlationId;
        await _socket.SendAsync(RequestFrames.Encode(apiKey, version, correlationId, request), SocketFlags.None).ConfigureAwait(false);
        var frame = await ReceiveFrameAsync().ConfigureAwait(false) ?? throw new IOException("the broker closed the connection");
        var descriptor = ApiTable.Find(apiKey)!;
        var body = RequestFrames.DecodeResponse(frame, apiKey, version, descriptor.ResponseHeaderVersion(version), out int answered);
        if (answered != correlationId)
        {
            throw new IOException($"correlation id {answered}, expected {correlationId}");
        }
        return (T)body;
    }

    private async Task<byte[]?> ReceiveFrameAsync()
    {
        var size = new byte[4];
        if (!await ReadExactlyAsync(size).ConfigureAwait(false))
        {
            return null;
        }
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        return await ReadExactlyAsync(body).ConfigureAwait(false) ? body : null;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        using var cts = new CancellationTokenSource(Timeout);
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }
            filled += read;
        }
        return true;
    }

    public void Dispose() => _socket.Dispose();
}
