using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Kestrel's entry point for Kafka connections: picks how the connection reaches its socket, then
/// serves it with a <see cref="ConnectionSession"/> (pipelined requests, responses in request
/// order). Unknown API keys and unparseable headers or bodies close the connection, as Kafka does.
/// Connections that come through <see cref="OnConnectedAsync"/> count against the broker's
/// <see cref="ConnectionQuotas"/>; the controller listener serves through <see cref="ServeAsync"/> and is
/// not counted, as Kafka's controller has a socket server (and connection count) of its own.
/// </summary>
public sealed class KafkaConnectionHandler : ConnectionHandler
{
    private readonly KafkaBroker _broker;
    private readonly ILogger _logger;

    private readonly bool _controllerListener;

    /// <param name="controllerListener">Serves the controller listener's APIs (<see cref="KafkaBroker.ControllerListenerHandlers"/>).</param>
    public KafkaConnectionHandler(KafkaBroker broker, bool controllerListener = false)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
        _controllerListener = controllerListener;
        ListenerName = controllerListener ? "CONTROLLER" : "PLAINTEXT";
        _logger = broker.LoggerFactory.CreateLogger<KafkaConnectionHandler>();
    }

    /// <summary>The listener's name, as its connections are counted.</summary>
    public string ListenerName { get; init; }

    /// <summary>Set on SASL listeners: every connection authenticates before anything but ApiVersions is served.</summary>
    public SaslListenerSettings? Sasl { get; init; }

    /// <summary>Set on SSL listeners: each connection's principal comes from its client certificate (SASL_SSL takes SASL's).</summary>
    public SslPrincipalBuilder? SslPrincipals { get; init; }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is not null && await ThrottledAsync(connection, ConnectionLimits.Normalize(address)).ConfigureAwait(false))
        {
            return;
        }
        var quotas = _broker.ConnectionQuotas;
        ConnectionAdmission admission;
        try
        {
            admission = await quotas.AdmitAsync(address, ListenerName, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // aborted (the server stopping) while waiting for a slot or its turn
        }
        if (!admission.IsAdmitted)
        {
            // Before a byte is read, as Kafka's acceptor closes the socket it just accepted.
            Log.RejectedConnection(_logger, "/" + ConnectionLimits.Normalize(address!), admission.Limit);
            connection.Abort(new ConnectionAbortedException("Too many connections from this address."));
            return;
        }
        try
        {
            await ServeAdmittedAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            quotas.Release(address, ListenerName);
        }
    }

    /// <summary>Over its address's connection_creation_rate: held for the throttle time, then closed unread.</summary>
    private async Task<bool> ThrottledAsync(ConnectionContext connection, IPAddress address)
    {
        int throttleMs = _broker.ClientQuotas.Connections.RecordAndGetThrottleMs(_broker.Image.ClientQuotas, address, Environment.TickCount64);
        if (throttleMs <= 0)
        {
            return false;
        }
        Log.ThrottledConnection(_logger, "/" + address, throttleMs);
        try
        {
            await Task.Delay(throttleMs, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first.
        }
        connection.Abort(new ConnectionAbortedException("Connection creation rate quota exceeded."));
        return true;
    }

    private Task ServeAdmittedAsync(ConnectionContext connection)
    {
        if (!_broker.ClientRequestsEnabled.IsCompletedSuccessfully)
        {
            return _broker.ClientGateHold > TimeSpan.Zero ? ServeWhenEnabledAsync(connection) : Refuse(connection);
        }

        return ServeAsync(connection, allowDirectSocketReceive: true);
    }

    private async Task ServeWhenEnabledAsync(ConnectionContext connection)
    {
        try
        {
            await _broker.ClientRequestsEnabled.WaitAsync(_broker.ClientGateHold, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await Refuse(connection).ConfigureAwait(false);
            return;
        }
        await ServeAsync(connection, allowDirectSocketReceive: true).ConfigureAwait(false);
    }

    private static Task Refuse(ConnectionContext connection)
    {
        // Still catching up with the cluster's metadata: the client retries, elsewhere or later.
        connection.Abort(new ConnectionAbortedException("The broker is not yet serving clients."));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Serves the connection as Kafka until it ends. A caller that has already read from the input pipe
    /// (bytes may sit in it) passes false, so frames are taken from the pipe only, never straight from the socket.
    /// </summary>
    public async Task ServeAsync(ConnectionContext connection, bool allowDirectSocketReceive)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The socket is ours to read and write only while nothing (TLS) sits between us and it. On
        // our own transport the pipe never reads ahead, so frames may also be received directly.
        Socket? socket;
        Socket? receiveSocket = null;
        if (connection is SocketConnection own)
        {
            socket = own.IsTransportUnwrapped ? own.Socket : null;
            receiveSocket = allowDirectSocketReceive ? socket : null;
        }
        else
        {
            socket = connection.Features.Get<ITlsHandshakeFeature>() is null ? connection.Features.Get<IConnectionSocketFeature>()?.Socket : null;
        }
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? default;
        Log.ConnectionOpened(_logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString(), receiveSocket is not null);
        if (!TryGetTlsPrincipal(connection, out string? tlsPrincipal))
        {
            connection.Abort(new ConnectionAbortedException("No principal for the client certificate."));
            return;
        }
        using var sender = new ResponseSender(connection.Transport.Output, _broker.Options.ZeroCopyFetch ? socket : null);
        using var session = new ConnectionSession(_broker, _controllerListener ? _broker.ControllerListenerHandlers : _broker.Handlers, _logger, connection, receiveSocket, sender, closeRequested,
            Sasl is null ? null : new SaslConnectionState(Sasl)) { TlsPrincipal = tlsPrincipal };
        _broker.Metrics.ConnectionOpened(ListenerName);
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _broker.Metrics.ConnectionClosed(ListenerName);
            await connection.Transport.Input.CompleteAsync().ConfigureAwait(false);
            await connection.Transport.Output.CompleteAsync().ConfigureAwait(false);
            Log.ConnectionClosed(_logger, connection.ConnectionId);
        }
    }

    /// <summary>The client certificate's principal on an SSL listener (null elsewhere); false when no mapping rule applies.</summary>
    private bool TryGetTlsPrincipal(ConnectionContext connection, out string? principal)
    {
        principal = null;
        if (SslPrincipals is null || Sasl is not null)
        {
            return true;
        }
        try
        {
            principal = SslPrincipals.Build(connection.Features.Get<TlsClientCertificateFeature>()?.Certificate);
        }
        catch (NoMatchingSslPrincipalRuleException e)
        {
            Log.ClosingConnection(_logger, connection.ConnectionId, e.Message);
            return false;
        }
        Log.TlsPrincipal(_logger, connection.ConnectionId, connection.RemoteEndPoint?.ToString(), principal);
        return true;
    }
}
