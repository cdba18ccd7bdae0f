using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>A plain loopback socket for sending bytes no client would.</summary>
internal sealed class RawConnection : IDisposable
{
    private readonly Socket socket;

    private RawConnection(Socket socket) => this.socket = socket;

    public static async Task<RawConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new RawConnection(socket);
    }

    public async Task SendAsync(byte[] bytes) => await socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>True when the peer ends the connection (end of stream or reset) within ten seconds.</summary>
    public async Task<bool> IsClosedByPeerAsync()
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
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

    public void Dispose() => socket.Dispose();
}
