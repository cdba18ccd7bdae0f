using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Metadata;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Controller;

/// <summary>
/// The active controller: validates each request against the latest published image, turns it
/// into metadata records, appends them and answers once they are committed and applied.
/// Operations run one at a time, so each sees the effects of the one before.
/// </summary>
public sealed partial class QuorumController : IDisposable
{
    // How long to wait for the image of a committed append before answering anyway.
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(10);

    private readonly QuorumControllerOptions _options;
    private readonly IMetadataLogWriter _writer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TopicConfigResolver _configResolver;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sessionLock = new();
    private readonly Dictionary<int, long> _lastContact = [];
    private MetadataImage _image = MetadataImage.Empty;
    private TaskCompletionSource _published = NewSignal();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer? _sessionTimer;
    private readonly ITimer? _imbalanceTimer;
    private long _lastWrittenOffset = -1;
    private long _lastSessionTick;
    private int _sessionTicked;
    private int _sessionTicks;

    public QuorumController(QuorumControllerOptions options, IMetadataLogWriter writer, ILoggerFactory? loggerFactory = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<QuorumController>();
        _time = options.TimeProvider;
        _configResolver = new TopicConfigResolver(options.TopicConfigDefaults);
        Placer = new ReplicaPlacer();
        if (options.SessionCheckIntervalMs > 0)
        {
            var period = TimeSpan.FromMilliseconds(options.SessionCheckIntervalMs);
            _sessionTimer = _time.CreateTimer(_ => _ = CheckSessionsQuietlyAsync(), null, period, period);
        }
        _imbalanceTimer = StartLeaderImbalanceTimer();
    }

    /// <summary>How many times the session timer has read the clock; lets tests move a fake clock between ticks.</summary>
    internal int SessionTicks => Volatile.Read(ref _sessionTicks);

    /// <summary>The latest image published to the controller.</summary>
    public MetadataImage Image => Volatile.Read(ref _image);

    /// <summary>Placement of new partitions; replaceable for deterministic tests.</summary>
    public ReplicaPlacer Placer { get; set; }

    /// <summary>Takes the image after an applied batch; the controller always works from the latest one.</summary>
    public void Publish(MetadataImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Volatile.Write(ref _image, image);
        Interlocked.Exchange(ref _published, NewSignal()).TrySetResult();
    }

    /// <summary>A new leader starts every broker's session afresh, as it cannot know when they last heartbeat.</summary>
    public void OnLeadershipChanged(bool isLeader)
    {
        Log.LeadershipChanged(_logger, _options.NodeId, isLeader);
        if (!isLeader)
        {
            return;
        }
        RestartSessions(_time.GetTimestamp());
        _ = WriteBootstrapRecordsOnLeadershipAsync();
        _ = RecordVotersOnLeadershipAsync();
    }

    private void RestartSessions(long now)
    {
        lock (_sessionLock)
        {
            _lastContact.Clear();
            foreach (int id in Image.Brokers.Keys)
            {
                _lastContact[id] = now;
            }
        }
    }

    public void Dispose()
    {
        _sessionTimer?.Dispose();
        _imbalanceTimer?.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private Task CheckSessionsQuietlyAsync()
    {
        long now = _time.GetTimestamp();
        long previous = Interlocked.Exchange(ref _lastSessionTick, now);
        Interlocked.Increment(ref _sessionTicks);
        var sinceLastTick = _time.GetElapsedTime(previous, now);
        if (Interlocked.Exchange(ref _sessionTicked, 1) != 0 && sinceLastTick.TotalMilliseconds > _options.SessionCheckIntervalMs + _options.BrokerSessionTimeoutMs / 2)
        {
            // This process did not run for a good part of a session (paused, or starved): the brokers' heartbeats went
            // unanswered, not unsent, and another controller may lead by now. Sessions start afresh, as under a new leader.
            Log.ControllerStalled(_logger, (long)sinceLastTick.TotalMilliseconds);
            RestartSessions(now);
            return Task.CompletedTask;
        }
        return TickAsync(token => CheckSessionsAsync(now, token), e => Log.SessionCheckFailed(_logger, e));
    }

    // A periodic check on the active controller; a failure is logged and the next tick tries again.
    private async Task TickAsync(Func<CancellationToken, Task> check, Action<Exception> failed)
    {
        try
        {
            if (_writer.IsLeader)
            {
                await check(_stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // Logged; the next tick tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failed(e);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What an operation writes, and how it answers given the offset it committed at (or -1 when it wrote nothing).</summary>
    private readonly record struct Plan<T>(List<MetadataRecord> Records, Func<long, T> Respond)
    {
        public static Plan<T> Answer(T response) => new([], _ => response);
    }

    private async Task<T> RunAsync<T>(Func<MetadataImage, Plan<T>> plan, Func<ErrorCode, string, T> failed, CancellationToken cancellationToken)
    {
        if (!_writer.IsLeader)
        {
            return failed(ErrorCode.NotController, "This node is not the active controller.");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.CatchUpAsync(cancellationToken).ConfigureAwait(false);
            await AppendBootstrapRecordsIfLogEmptyAsync(cancellationToken).ConfigureAwait(false);
            var step = plan(Image);
            if (step.Records.Count == 0)
            {
                return step.Respond(-1);
            }
            long offset = await _writer.AppendAsync(step.Records, cancellationToken).ConfigureAwait(false);
            _lastWrittenOffset = Math.Max(_lastWrittenOffset, offset);
            await WaitForImageAsync(offset, cancellationToken).ConfigureAwait(false);
            return step.Respond(offset);
        }
        catch (NotControllerException)
        {
            return failed(ErrorCode.NotController, "This node is not the active controller.");
        }
        catch (TimeoutException e)
        {
            return failed(ErrorCode.RequestTimedOut, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WaitForImageAsync(long offset, CancellationToken cancellationToken)
    {
        long deadline = _time.GetTimestamp() + (long)(PublishWait.TotalSeconds * _time.TimestampFrequency);
        while (Image.LastAppliedOffset < offset)
        {
            var signal = Volatile.Read(ref _published).Task;
            if (Image.LastAppliedOffset >= offset)
            {
                return;
            }
            if (_time.GetTimestamp() > deadline)
            {
                Log.ImageLagging(_logger, offset, Image.LastAppliedOffset);
                return;
            }
            await signal.WaitAsync(PublishWait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The offset the next append will most likely commit at (log offsets start at 1): a new broker
    /// epoch. Should another entry come first the epoch is still unique and increasing.
    /// </summary>
    private long NextOffset(MetadataImage image) => Math.Max(Math.Max(_lastWrittenOffset, image.LastAppliedOffset), 0) + 1;

    private static MetadataRecord Partition(IKafkaMessage record) => new(record, 0);

    private static List<MetadataRecord> Records(IEnumerable<PartitionChangeRecord> changes) => [.. changes.Select(c => Partition(c))];

    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Controller {NodeId} active: {IsLeader}")]
        public static partial void LeadershipChanged(ILogger logger, int nodeId, bool isLeader);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Metadata offset {Offset} committed but the image is still at {Applied}")]
        public static partial void ImageLagging(ILogger logger, long offset, long applied);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Fencing broker {BrokerId}: {Reason}")]
        public static partial void Fencing(ILogger logger, int brokerId, string reason);

        [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "The controller did not run for {Millis} ms: broker sessions start afresh rather than expire")]
        public static partial void ControllerStalled(ILogger logger, long millis);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Checking broker sessions failed")]
        public static partial void SessionCheckFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Broker {BrokerId} registered at epoch {Epoch}")]
        public static partial void Registered(ILogger logger, int brokerId, long epoch);

        [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Broker {BrokerId} tried to register with cluster id {Theirs}, but this cluster's id is {Ours}")]
        public static partial void InconsistentClusterId(ILogger logger, int brokerId, string theirs, string ours);

        [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "AlterPartition of {Topic}-{Partition} from broker {BrokerId} refused: {Error} (request at leader epoch {LeaderEpoch}, partition epoch {PartitionEpoch}; the image at offset {AppliedOffset} has {ImageLeaderEpoch}, {ImagePartitionEpoch})")]
        public static partial void IsrChangeRefused(ILogger logger, string topic, int partition, int brokerId, string error, int leaderEpoch,
            int partitionEpoch, int imageLeaderEpoch, int imagePartitionEpoch, long appliedOffset);
    }
}
