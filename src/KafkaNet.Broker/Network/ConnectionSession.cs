using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Metrics;
using KafkaNet.Broker.Quotas;
using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Serves one Kafka connection with two loops. The reader decodes each frame and starts its
/// handler in arrival order while earlier requests are still completing; a handler runs
/// synchronously up to its first incomplete await (where a produce has already appended), so
/// per-partition append order is arrival order. The responder sends responses in request order.
/// At most <see cref="MaxInFlight"/> requests are between start and response. Only Produce and
/// Fetch overlap: any other request waits for those before it and holds back those after it, as
/// Kafka serves a connection one request at a time. A handler that sets
/// <see cref="RequestContext.CloseConnection"/> before its first incomplete await ends the
/// connection there: nothing after it starts or is answered.
/// </summary>
internal sealed class ConnectionSession : IDisposable
{
    /// <summary>Requests started and not yet answered, per connection (Java producers send up to 5 by default).</summary>
    public const int MaxInFlight = 5;

    private readonly KafkaBroker _broker;
    private readonly ApiHandlerRegistry _handlers;
    private readonly ILogger _logger;
    private readonly ConnectionContext _connection;
    private readonly string _clientHost;
    private readonly Socket? _directSocket;
    private readonly ResponseSender _sender;
    private readonly InFlightQueue _inFlight = new(MaxInFlight);
    private readonly ResponseStamps _stamps = new(MaxInFlight);
    private readonly CancellationTokenSource _stop;
    private readonly SaslConnectionState? _sasl;
    private readonly ConnectionMute _mute = new();
    private volatile bool _closing;
    // Environment.TickCount64 of the last frame received or response finished, for connections.max.idle.ms.
    private long _lastActivity = Environment.TickCount64;
    // A frame has been read and its request is not yet in flight (starting a handler can take a while).
    private volatile bool _starting;

    /// <param name="directSocket">The socket under the connection's input pipe when nothing else reads it.</param>
    /// <param name="closeRequested">Fires when the server asks the connection to end (graceful shutdown).</param>
    /// <param name="sasl">The connection's authentication on a SASL listener; null elsewhere.</param>
    public ConnectionSession(KafkaBroker broker, ApiHandlerRegistry handlers, ILogger logger, ConnectionContext connection, Socket? directSocket, ResponseSender sender,
        CancellationToken closeRequested, SaslConnectionState? sasl = null)
    {
        _sasl = sasl;
        _broker = broker;
        _handlers = handlers;
        _logger = logger;
        _connection = connection;
        _directSocket = directSocket;
        _sender = sender;
        _clientHost = connection.RemoteEndPoint is System.Net.IPEndPoint ip ? "/" + ip.Address : "/" + (connection.RemoteEndPoint?.ToString() ?? "unknown");
        _stop = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, closeRequested);
    }

    private string ConnectionId => _connection.ConnectionId;

    /// <summary>The principal of the client certificate on an SSL listener; every request's context carries it.</summary>
    public string? TlsPrincipal { get; init; }

    public async Task RunAsync()
    {
        long maxIdleMs = _broker.Options.ConnectionsMaxIdleMs;
        var idleWatch = maxIdleMs >= 0 ? CloseWhenIdleAsync(maxIdleMs) : Task.CompletedTask;
        var responder = RespondAsync();
        try
        {
            await ReadRequestsAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failure serving one connection closes that connection, never the broker.
        catch (Exception e)
        {
            // Bad input leaves the requests before it to be answered; anything else abandons them.
            if (!LogFailure(e))
            {
                _stop.Cancel();
            }
        }
#pragma warning restore CA1031
        finally
        {
            _inFlight.CompleteAdding();
        }
        await responder.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await idleWatch.ConfigureAwait(false);
        _broker.ConnectionClosed(ConnectionId);
    }

    /// <summary>
    /// Ends the connection once nothing has been received and nothing has been in flight for
    /// <paramref name="maxIdleMs"/>, as Kafka's processor closes idle connections. One timer per connection,
    /// rearmed for the time left rather than on every request.
    /// </summary>
    private async Task CloseWhenIdleAsync(long maxIdleMs)
    {
        try
        {
            while (true)
            {
                long idleFor = Environment.TickCount64 - Volatile.Read(ref _lastActivity);
                bool busy = _starting || _inFlight.Count > 0;
                if (!busy && idleFor >= maxIdleMs)
                {
                    Log.ClosingIdleConnection(_logger, ConnectionId, idleFor);
                    _closing = true;
                    await _stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
                // Busy: the request's answer counts as activity, so look again a whole period later.
                long wait = busy || idleFor >= maxIdleMs ? maxIdleMs : maxIdleMs - idleFor;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(wait, 1, int.MaxValue)), _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private async Task ReadRequestsAsync()
    {
        bool holdBack = false;
        while (true)
        {
            while (_inFlight.Count >= _inFlight.Capacity)
            {
                await _inFlight.Removed.WaitAsync().ConfigureAwait(false);
            }
            if (_closing || _stop.IsCancellationRequested)
            {
                return;
            }
            var (maxBytes, limitName) = FrameLimit();
            var frame = await FrameReader.ReadAsync(_connection.Transport.Input, _directSocket, maxBytes, limitName, _stop.Token).ConfigureAwait(false);
            _starting = true;
            Volatile.Write(ref _lastActivity, Environment.TickCount64);
            if (frame is null)
            {
                // The peer closed: as Kafka, drop the connection and what is still in flight on it.
                _stop.Cancel();
                return;
            }
            bool queued = false;
            try
            {
                // A throttled connection starts nothing more until its mute ends.
                await _mute.WaitAsync(_stop.Token).ConfigureAwait(false);
                // Received once the mute is over: Kafka reads nothing from a muted connection, so throttling is not request time.
                long received = Stopwatch.GetTimestamp();
                if (_sasl?.Stage == SaslStage.AwaitingRawToken)
                {
                    if (!await AuthenticateRawTokenAsync(frame).ConfigureAwait(false))
                    {
                        return;
                    }
                    continue;
                }
                var (apiKey, version) = PeekApi(frame);
                var descriptor = ApiTable.Find(apiKey);
                var handler = _handlers.Find(apiKey);
                if (descriptor is null || handler is null)
                {
                    Log.ClosingConnection(_logger, ConnectionId, $"unknown API key {apiKey}");
                    return;
                }
                bool overlaps = apiKey is ProduceRequest.ApiKey or FetchRequest.ApiKey;
                if (holdBack || !overlaps)
                {
                    while (_inFlight.Count > 0)
                    {
                        await _inFlight.Removed.WaitAsync().ConfigureAwait(false);
                    }
                }
                holdBack = !overlaps;
                if (_sasl?.Refusal(apiKey) is { } refusal)
                {
                    // Checked once the requests before it are answered: SaslAuthenticate may just have succeeded.
                    Log.ClosingConnection(_logger, ConnectionId, $"{descriptor.Name} {refusal}");
                    return;
                }
                if (_closing || StartRequest(frame, descriptor, handler, version, received) is not { } request)
                {
                    return;
                }
                _inFlight.Add(request);
                queued = true;
                if (request.Context?.CloseConnection == true)
                {
                    return; // known before anything later starts
                }
            }
            finally
            {
                if (!queued)
                {
                    frame.Dispose();
                }
                _starting = false;
            }
        }
    }

    /// <summary>
    /// After a v0 SaslHandshake the frame is a bare SASL token, as Kafka reads it (kafka-python 2.0 sends these):
    /// each is answered with the mechanism's size-prefixed message (empty after PLAIN), failure closes the connection
    /// after the delay.
    /// </summary>
    private async Task<bool> AuthenticateRawTokenAsync(FrameBuffer frame)
    {
        var sasl = _sasl!;
        while (_inFlight.Count > 0)
        {
            await _inFlight.Removed.WaitAsync().ConfigureAwait(false); // the handshake's answer goes first
        }
        var outcome = sasl.Server!.Evaluate(frame.Memory.Span);
        if (outcome.IsComplete && sasl.Authenticated(outcome, authenticateVersion: -1).Error is not null)
        {
            return false; // cannot happen on a first authentication, the only kind raw tokens make
        }
        if (outcome.IsFailure)
        {
            _broker.Audit.AuthenticationFailed(null, _clientHost.TrimStart('/'), sasl.Server.Mechanism, outcome.Error);
            sasl.Failed();
            Log.ClosingConnection(_logger, ConnectionId, "SASL authentication failed");
            await Task.Delay(sasl.Settings.FailedAuthenticationDelay, _stop.Token).ConfigureAwait(false);
            return false;
        }
        // Nothing is in flight, so the responder is not writing.
        var answer = new byte[4 + outcome.ServerMessage.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(answer, outcome.ServerMessage.Length);
        outcome.ServerMessage.CopyTo(answer, 4);
        await _connection.Transport.Output.WriteAsync(answer, _stop.Token).ConfigureAwait(false);
        return true;
    }

    private static (short ApiKey, short Version) PeekApi(FrameBuffer frame)
    {
        var peek = new KafkaReader(frame.Memory);
        short apiKey = peek.ReadInt16();
        return (apiKey, peek.ReadInt16());
    }

    /// <summary>Decodes the request and starts its handler; null closes the connection (an unsupported version without an error field).</summary>
    private InFlightRequest? StartRequest(FrameBuffer frame, ApiDescriptor descriptor, IApiHandler handler, short version, long received)
    {
        var reader = new KafkaReader(frame.Memory);
        var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
        _broker.Metrics.RecordRequest(descriptor.Name, version);
        if (version < handler.LowestVersion || version > handler.HighestVersion)
        {
            if (UnsupportedVersionResponse(descriptor, header) is not { } answer)
            {
                return null;
            }
            long answered = Stopwatch.GetTimestamp();
            return new(frame, header.CorrelationId, answer.HeaderVersion, answer.Version, ValueTask.FromResult(new ReadyResponse(answer.Body, answered)), null, descriptor.Name,
                received, answered, answered);
        }
        var body = ApiTable.ReadRequest(descriptor.ApiKey, ref reader, version);
        var context = new RequestContext(_broker, header, ConnectionId) { ClientHost = _clientHost, Handlers = _handlers, Sasl = _sasl, RequestBytes = frame.Memory.Length, TlsPrincipal = TlsPrincipal };
        long started = Stopwatch.GetTimestamp();
        var response = Start(handler, context, body, started);
        // The handler has returned: answered, or waiting (long poll, replication, rebalance) from here on.
        long localDone = Stopwatch.GetTimestamp();
        return new(frame, header.CorrelationId, descriptor.ResponseHeaderVersion(version), version, _stamps.When(response, localDone), context, descriptor.Name,
            received, started, localDone);
    }

    private ValueTask<IKafkaMessage?> Start(IApiHandler handler, RequestContext context, IKafkaMessage body, long started)
    {
        try
        {
            if (_broker.Image.ClientQuotas.IsEmpty || RequestQuotaExemptions.IsExempt(context.Header.RequestApiKey))
            {
                return handler.HandleAsync(context, body, _stop.Token);
            }
            // request_percentage counts the time the handler holds this thread; waits (acks, fetch wait) are not work.
            var response = handler.HandleAsync(context, body, _stop.Token);
            _broker.ClientQuotas.HandlerTimeUsed(context, started);
            return response;
        }
#pragma warning disable CA1031 // A handler that throws before its first await fails its own request like one that throws later.
        catch (Exception e)
        {
            return ValueTask.FromException<IKafkaMessage?>(e);
        }
#pragma warning restore CA1031
    }

    private async Task RespondAsync()
    {
        bool answering = true;
        while (true)
        {
            InFlightRequest request;
            bool completed;
            while (!_inFlight.TryPeek(out request, out completed))
            {
                if (completed)
                {
                    return;
                }
                await _inFlight.Added.WaitAsync().ConfigureAwait(false);
            }
            if (answering)
            {
                answering = await AnswerAsync(request).ConfigureAwait(false);
                if (!answering)
                {
                    // Before the head leaves, so a reader woken by it sees the connection is closing.
                    _closing = true;
                    _stop.Cancel();
                }
            }
            else
            {
                await AbandonAsync(request).ConfigureAwait(false);
            }
            request.Frame.Dispose();
            Volatile.Write(ref _lastActivity, Environment.TickCount64);
            _inFlight.RemoveHead();
        }
    }

    /// <summary>
    /// The largest frame the next read accepts: until a SASL connection has first authenticated, Kafka's smaller
    /// sasl.server.max.receive.size, so an unauthenticated peer cannot make the broker buffer a large frame.
    /// </summary>
    private (int MaxBytes, string Name) FrameLimit()
    {
        int socketMax = _broker.Options.SocketRequestMaxBytes;
        return _sasl is { Principal: null } sasl && sasl.Settings.MaxReceiveSize < socketMax
            ? (sasl.Settings.MaxReceiveSize, "sasl.server.max.receive.size")
            : (socketMax, "socket.request.max.bytes");
    }

    /// <summary>Waits for the handler and sends its response; false closes the connection.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> AnswerAsync(InFlightRequest request)
    {
        try
        {
            var (response, readyAt) = await request.Response.ConfigureAwait(false);
            long sendStarted = Stopwatch.GetTimestamp();
            if (request.Context is { } context && (context.RequestTimeThrottleMs > 0 || context.ThrottleTimeMs > 0))
            {
                // Kafka answers with the larger throttle when several quotas apply.
                context.ThrottleTimeMs = Math.Max(context.ThrottleTimeMs, context.RequestTimeThrottleMs);
                if (response is not null)
                {
                    ResponseThrottle.Raise(response, context.ThrottleTimeMs);
                }
            }
            if (response is not null)
            {
                await _sender.SendAsync(request.CorrelationId, request.ResponseHeaderVersion, response, request.ResponseVersion, _stop.Token).ConfigureAwait(false);
            }
            long sent = Stopwatch.GetTimestamp();
            if (request.Context?.ThrottleTimeMs is > 0 and int throttle)
            {
                _mute.Extend(throttle);
            }
            // Answered (or, for acks=0, done): the whole time the request spent in the broker and its parts, as Kafka's RequestMetrics.
            _broker.Metrics.RecordRequestTimes(request.ApiName, new RequestTimestamps(request.Received, request.Started, request.LocalDone, readyAt, sendStarted, sent));
        }
#pragma warning disable CA1031 // A failure serving one connection closes that connection, never the broker.
        catch (Exception e)
        {
            LogFailure(e);
            return false;
        }
#pragma warning restore CA1031
        if (request.Context?.CloseConnection == true)
        {
            Log.ClosingConnection(_logger, ConnectionId, $"{request.ApiName} v{request.Context.ApiVersion} asked to close the connection");
            return false;
        }
        return true;
    }

    /// <summary>A request behind a closing one: it finishes (its frame is still in use) and gets no answer.</summary>
    private static async ValueTask AbandonAsync(InFlightRequest request)
    {
        try
        {
            var response = await request.Response.ConfigureAwait(false);
            (response.Message as IDisposable)?.Dispose();
        }
#pragma warning disable CA1031 // Nobody is left to tell.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>Logs why the connection ends; true when the fault is the peer's input (answer what came before it).</summary>
    private bool LogFailure(Exception e)
    {
        switch (e)
        {
            case InvalidFrameException or KafkaProtocolException:
                Log.ClosingConnection(_logger, ConnectionId, e.Message);
                return true;
            case OperationCanceledException or ConnectionResetException or ConnectionAbortedException or IOException or SocketException or ObjectDisposedException:
                return false; // the peer went away, the connection was aborted or the server is stopping
            default:
                Log.ConnectionFailed(_logger, e, ConnectionId);
                return false;
        }
    }

    /// <summary>
    /// ApiVersions gets a v0 response with UNSUPPORTED_VERSION and our ranges, so any client can
    /// read it and retry with a version we have. Other APIs get UNSUPPORTED_VERSION in their own
    /// response when that version has a top-level error code; otherwise null: close the connection.
    /// </summary>
    private (IKafkaMessage Body, short Version, short HeaderVersion)? UnsupportedVersionResponse(ApiDescriptor descriptor, RequestHeader header)
    {
        short version = header.RequestApiVersion;
        if (descriptor.ApiKey == ApiVersionsRequest.ApiKey)
        {
            return (ApiVersionsHandler.Build(_handlers, ErrorCode.UnsupportedVersion), 0, 0);
        }
        if (descriptor.IsSupported(version) && ApiTable.CreateResponse(descriptor.ApiKey) is IHasErrorCode withError && withError.HasErrorCodeIn(version))
        {
            withError.ErrorCode = (short)ErrorCode.UnsupportedVersion;
            return ((IKafkaMessage)withError, version, version == 0 ? (short)0 : descriptor.ResponseHeaderVersion(version));
        }
        Log.ClosingConnection(_logger, ConnectionId, $"{descriptor.Name} v{version} is not supported");
        return null;
    }

    public void Dispose() => _stop.Dispose();
}
