using System.Net;
using System.Net.Sockets;
using KafkaNet.Cluster.Network;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// Carries Raft over the controller listener, as Kafka does. The Raft engine binds and accepts here,
/// while the listener's <see cref="ControllerListenerConnectionHandler"/> hands over the connections
/// that open with the Raft preamble; outbound connections write that preamble first. With the controller listener's
/// security, an outbound connection is TLS first, then the preamble, then a SASL login in Kafka's SaslHandshake and
/// SaslAuthenticate requests, then Raft.
/// </summary>
public sealed class RaftConnectionHub : IConnectionListenerFactory, IConnectionFactory
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPEndPoint, string> hostNames = new();
    private RaftListener? listener;

    /// <summary>The controller listener's TLS and SASL, used by outbound connections; null connects in PLAINTEXT.</summary>
    public NodeClientSecurity? Security { get; init; }

    /// <summary>The client id of the SASL requests on outbound connections.</summary>
    public string ClientId { get; init; } = "kafkanet-raft";

    /// <summary>Where refused logins are told (the Raft engine only sees an unavailable member).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Whether the Raft engine is listening, so handed-over connections have a taker.</summary>
    public bool IsBound
    {
        get
        {
            lock (gate)
                return listener is not null;
        }
    }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (gate)
        {
            if (listener is not null)
                throw new InvalidOperationException("The Raft engine is already listening on this hub.");
            listener = new RaftListener(endpoint, Unbound);
            return ValueTask.FromResult<IConnectionListener>(listener);
        }
    }

    /// <summary>
    /// Gives a connection whose preamble was consumed to the Raft engine and completes when the engine is
    /// done with it, the connection closes or <paramref name="cancellationToken"/> fires; false when no
    /// engine listens (the caller closes the connection).
    /// </summary>
    public async ValueTask<bool> TryAcceptAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        RaftListener? current;
        lock (gate)
            current = listener;
        var handedOver = new HandedOverConnection(connection);
        if (current is null || !current.TryOffer(handedOver))
            return false;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ConnectionClosed);
        try
        {
            await handedOver.Released.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The peer left or the server stops: the listener closes the connection under the engine.
        }

        return true;
    }

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily is AddressFamily.Unspecified ? AddressFamily.InterNetwork : endpoint.AddressFamily,
            SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            var address = Address(endpoint);
            if (Security?.Tls is { } tls)
            {
                stream = await NodeTls.AuthenticateAsync(stream, address, tls, HandshakeTimeout, cancellationToken).ConfigureAwait(false);
            }
            await stream.WriteAsync(RaftPreamble.Bytes.ToArray(), cancellationToken).ConfigureAwait(false);
            if (Security?.Sasl is { } credentials)
            {
                await NodeSasl.AuthenticateAsync(new StreamRequests(stream, address, ClientId, HandshakeTimeout), address, credentials, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            if (e is NodeAuthenticationException)
                NodeClientLog.AuthenticationFailed(Logger, e.Message);
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            throw;
        }

        return new StreamConnection(socket, stream);
    }

    /// <summary>
    /// Remembers the host name a voter's address was resolved from: outbound TLS to that address checks the
    /// certificate against the name (the Raft engine knows members by address only).
    /// </summary>
    public void NameHost(IPEndPoint endpoint, string host)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(host);
        hostNames[endpoint] = host;
    }

    private NodeAddress Address(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => new NodeAddress(-1, hostNames.GetValueOrDefault(ip) ?? ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => new NodeAddress(-1, dns.Host, dns.Port),
        _ => new NodeAddress(-1, endpoint.ToString() ?? "", 0),
    };

    private void Unbound(RaftListener unbound)
    {
        lock (gate)
        {
            if (ReferenceEquals(listener, unbound))
                listener = null;
        }
    }
}
