using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace KafkaNet.Broker.Network;

/// <summary>A listening TCP socket handing accepted sockets to Kestrel as <see cref="SocketConnection"/>s.</summary>
internal sealed class SocketListener : IConnectionListener
{
    // Kestrel's socket transport default.
    private const int Backlog = 512;

    private readonly Socket _socket;

    private SocketListener(Socket socket)
    {
        _socket = socket;
        EndPoint = socket.LocalEndPoint!;
    }

    public EndPoint EndPoint { get; }

    public static SocketListener Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Kestrel binds [::] for both IPv6 and IPv4.
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            try
            {
                socket.Bind(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new AddressInUseException(e.Message, e);
            }
            socket.Listen(Backlog);
            return new SocketListener(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                accepted.NoDelay = true;
                return new SocketConnection(accepted);
            }
            catch (ObjectDisposedException)
            {
                return null; // unbound
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null; // unbound while accepting
            }
            catch (SocketException)
            {
                // Reset while still in the backlog: take the next one.
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _socket.Dispose();
        return default;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return default;
    }
}
