using KafkaNet.Broker;
using KafkaNet.Broker.Controller;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// The broker's side of its registration: registers with the active controller (the epoch goes to
/// <see cref="KafkaBroker.BrokerEpoch"/>), heartbeats with the applied metadata offset every
/// broker.heartbeat.interval.ms, is ready once unfenced, and asks for a controlled shutdown on stop.
/// </summary>
public sealed partial class BrokerLifecycle : IAsyncDisposable
{
    // metadata.version levels this broker reads (Kafka's 3.3-IV3 up to 3.9-IV0).
    private const short MinMetadataVersion = 7;
    private const short MaxMetadataVersion = 21;

    private readonly KafkaBroker _broker;
    private readonly IControllerChannel _controller;
    private readonly Func<long> _appliedOffset;
    private readonly string _listenerName;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _unfenced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _disposed;

    public BrokerLifecycle(KafkaBroker broker, IControllerChannel controller, Func<long> appliedOffset, string listenerName, ILogger logger)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _controller = controller ?? throw new ArgumentNullException(nameof(controller));
        _appliedOffset = appliedOffset ?? throw new ArgumentNullException(nameof(appliedOffset));
        _listenerName = listenerName ?? throw new ArgumentNullException(nameof(listenerName));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>This process's incarnation: a restarted broker registers with a new one.</summary>
    public Guid IncarnationId { get; init; } = Guid.NewGuid();

    /// <summary>Completes when the controller first unfences this broker.</summary>
    public Task Unfenced => _unfenced.Task;

    /// <summary>Whether the last heartbeat left this broker fenced.</summary>
    public bool IsFenced { get; private set; } = true;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Stops heartbeating; when <paramref name="controlled"/>, first asks the controller to move this
    /// broker's leaderships away, for at most <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(bool controlled, TimeSpan timeout)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (controlled && _broker.BrokerEpoch >= 0)
        {
            await ShutDownAsync(timeout).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await StopAsync(controlled: false, TimeSpan.Zero).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, _broker.Options.Cluster.BrokerHeartbeatIntervalMs));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_broker.BrokerEpoch < 0)
                {
                    await RegisterAsync(stop).ConfigureAwait(false);
                }
                if (_broker.BrokerEpoch >= 0)
                {
                    await HeartbeatAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round is logged; the next one retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.RoundFailed(_logger, e);
            }
            try
            {
                // Heartbeat faster until unfenced, as Kafka's broker does while catching up.
                await Task.Delay(IsFenced ? TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, 100)) : interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var options = _broker.Options;
        var request = new BrokerRegistrationRequest
        {
            BrokerId = options.NodeId,
            ClusterId = _broker.ClusterId,
            IncarnationId = IncarnationId,
            Rack = options.Rack,
        };
        var endpoint = options.AdvertisedEndpoint;
        request.Listeners.Add(new() { Name = _listenerName, Host = endpoint.Host, Port = checked((ushort)endpoint.Port), SecurityProtocol = 0 });
        request.Features.Add(new() { Name = "metadata.version", MinSupportedVersion = MinMetadataVersion, MaxSupportedVersion = MaxMetadataVersion });
        var response = await _controller.SendAsync<BrokerRegistrationResponse>(request, BrokerRegistrationRequest.ApiKey, 3, cancellationToken).ConfigureAwait(false);
        if (response.ErrorCode != 0)
        {
            Log.RegistrationRefused(_logger, (ErrorCode)response.ErrorCode);
            return;
        }
        _broker.BrokerEpoch = response.BrokerEpoch;
        Log.Registered(_logger, options.NodeId, response.BrokerEpoch);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var response = await SendHeartbeatAsync(wantShutDown: false, cancellationToken).ConfigureAwait(false);
        if (response.ErrorCode == (short)ErrorCode.StaleBrokerEpoch)
        {
            // The controller forgot this registration (or a newer one exists): register again.
            _broker.BrokerEpoch = -1;
            IsFenced = true;
            return;
        }
        if (response.ErrorCode != 0)
        {
            return;
        }
        IsFenced = response.IsFenced;
        if (!response.IsFenced)
        {
            _unfenced.TrySetResult();
        }
    }

    private Task<BrokerHeartbeatResponse> SendHeartbeatAsync(bool wantShutDown, CancellationToken cancellationToken) =>
        _controller.SendAsync<BrokerHeartbeatResponse>(new BrokerHeartbeatRequest
        {
            BrokerId = _broker.Options.NodeId,
            BrokerEpoch = _broker.BrokerEpoch,
            CurrentMetadataOffset = _appliedOffset(),
            WantShutDown = wantShutDown,
        }, BrokerHeartbeatRequest.ApiKey, 1, cancellationToken);

    private async Task ShutDownAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var response = await SendHeartbeatAsync(wantShutDown: true, deadline.Token).ConfigureAwait(false);
                if (response.ShouldShutDown || response.ErrorCode == (short)ErrorCode.StaleBrokerEpoch)
                {
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            Log.ControlledShutdownIncomplete(_logger, _broker.Options.NodeId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Broker {BrokerId} registered with epoch {Epoch}")]
        public static partial void Registered(ILogger logger, int brokerId, long epoch);

        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "The controller refused the broker registration: {Error}")]
        public static partial void RegistrationRefused(ILogger logger, ErrorCode error);

        [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "A broker registration or heartbeat round failed")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Broker {BrokerId} stopped before its controlled shutdown completed")]
        public static partial void ControlledShutdownIncomplete(ILogger logger, int brokerId);
    }
}
