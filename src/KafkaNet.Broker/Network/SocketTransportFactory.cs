using System.Net;
using Microsoft.AspNetCore.Connections;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Kestrel transport for TCP endpoints whose connections read the socket only when the protocol
/// asks, so a request frame can be received straight into its own buffer. Kestrel still accepts
/// through it, runs connection middleware (TLS, limits) and shuts connections down. Other
/// endpoints (Unix sockets, handles) are left to the next registered transport.
/// </summary>
internal sealed class SocketTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is not IPEndPoint ip)
        {
            throw new NotSupportedException($"{endpoint} is not a TCP endpoint");
        }
        return ValueTask.FromResult<IConnectionListener>(SocketListener.Bind(ip));
    }
}
