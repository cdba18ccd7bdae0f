using System.Collections.Concurrent;
using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>
/// The share-partition leader (Kafka's SharePartitionManager): one <see cref="SharePartition"/> per (group, topic id,
/// partition) this broker leads, loaded from the state persister on first use, and the broker's share sessions.
/// Requests on one partition are served one at a time, and every change is written to the persister before the
/// request that made it is answered; a failed write drops the partition, which is read back on its next use.
/// A timer hands out again the records whose acquisition lock ran out.
/// </summary>
public sealed partial class SharePartitionManager : IDisposable
{
    private readonly ConcurrentDictionary<SharePartitionKey, LedSharePartition> _partitions = new();
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly Func<IShareStatePersister> _persister;
    private readonly Func<IShareGroupView?> _view;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<IDeadLetterWriter?> _deadLetters;
    private readonly ILogger _logger;

    /// <param name="persister">Where state is read and written (looked up on every use, so it may be replaced).</param>
    /// <param name="view">The group coordinator's view of share groups; null answers as if groups had no members.</param>
    /// <param name="maxSessions">group.share.max.share.sessions.</param>
    /// <param name="lockSweepInterval">How often run-out locks are looked for; null leaves it to <see cref="ExpireLocksAsync"/>.</param>
    /// <param name="deadLetters">Writes dead-letter records; null (or a null writer) archives without writing them.</param>
    public SharePartitionManager(Func<IShareStatePersister> persister, Func<IShareGroupView?> view, int maxSessions,
        TimeProvider? time = null, TimeSpan? lockSweepInterval = null, Func<IDeadLetterWriter?>? deadLetters = null, ILogger? logger = null)
    {
        _persister = persister ?? throw new ArgumentNullException(nameof(persister));
        _view = view ?? throw new ArgumentNullException(nameof(view));
        _deadLetters = deadLetters ?? (() => null);
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Sessions = new ShareSessionCache(maxSessions);
        if (lockSweepInterval is { } interval) _ = SweepLocksAsync(interval);
    }

    public ShareSessionCache Sessions { get; }

    /// <summary>The group view requests are answered by; following it keeps departed members' records released.</summary>
    public IShareGroupView? View
    {
        get
        {
            var view = _view();
            Follow(view);
            return view;
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The partition's state, for inspection; null when this broker has not loaded it.</summary>
    public SharePartitionSnapshot? SnapshotOf(SharePartitionKey key) => _partitions.TryGetValue(key, out var led) ? led.State.ToSnapshot() : null;

    /// <summary>
    /// The partition loaded under <paramref name="leaderEpoch"/>: read from the persister, or initialized at the log start
    /// (share.auto.offset.reset earliest) or the log end (latest) when it has no state yet.
    /// </summary>
    private async Task<(LedSharePartition? Partition, ErrorCode Error)> GetAsync(SharePartitionKey key, int leaderEpoch, IShareLog log,
        CancellationToken cancellationToken)
    {
        if (_partitions.TryGetValue(key, out var led) && led.LeaderEpoch == leaderEpoch) return (led, ErrorCode.None);
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_partitions.TryGetValue(key, out led) && led.LeaderEpoch == leaderEpoch) return (led, ErrorCode.None);
            var (loaded, error) = await LoadAsync(key, leaderEpoch, log, cancellationToken).ConfigureAwait(false);
            if (loaded is not null)
            {
                _partitions[key] = loaded;
                // Records left Archiving by an earlier leader (or before a restart) may or may not have reached the
                // dead-letter topic: the drain checks before writing them.
                if (loaded.State.HasArchiving) ScheduleDeadLetters(loaded);
            }
            return (loaded, error);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task<(LedSharePartition? Partition, ErrorCode Error)> LoadAsync(SharePartitionKey key, int leaderEpoch, IShareLog log,
        CancellationToken cancellationToken)
    {
        var persister = _persister();
        var read = await persister.ReadAsync(key, leaderEpoch, cancellationToken).ConfigureAwait(false);
        if (read.Error != ErrorCode.None) return (null, read.Error);
        var view = View;
        var config = view?.ConfigOf(key.GroupId) ?? new SharePartitionConfig();
        if (read.State is { StartOffset: >= 0 } state)
        {
            return (new LedSharePartition(key, leaderEpoch, archived => new SharePartition(state, config, archived)), ErrorCode.None);
        }
        long start = view?.StartsAtEarliest(key.GroupId) == true ? log.StartOffset : log.EndOffset;
        int stateEpoch = read.State?.StateEpoch ?? 0;
        var initialized = await persister.InitializeAsync(key, stateEpoch, start, cancellationToken).ConfigureAwait(false);
        if (initialized != ErrorCode.None) return (null, initialized);
        return (new LedSharePartition(key, leaderEpoch, archived => new SharePartition(start, config, archived, stateEpoch)), ErrorCode.None);
    }

    /// <summary>
    /// Writes the whole window (start offset and every in-flight run) rather than only the runs that changed: the
    /// coordinator lays the runs over what it holds, so the result is the same. The caller holds the gate.
    /// </summary>
    private async Task<ErrorCode> PersistAsync(LedSharePartition led, CancellationToken cancellationToken)
    {
        led.TakeArchived();
        var snapshot = led.State.ToSnapshot();
        ErrorCode error;
        try
        {
            error = await _persister().WriteAsync(led.Key, snapshot.StateEpoch, led.LeaderEpoch, snapshot.StartOffset, snapshot.StateBatches,
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error = ErrorCode.RequestTimedOut;
        }
        if (error != ErrorCode.None)
        {
            // What was not written did not happen: the persisted state is read back on the next use.
            _partitions.TryRemove(new KeyValuePair<SharePartitionKey, LedSharePartition>(led.Key, led));
        }
        else
        {
            SignalChange();
            // Archiving is persisted: now the dead-letter records may be written.
            if (led.State.HasArchiving) ScheduleDeadLetters(led);
        }
        return error;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        Follow(null);
        _stopping.Dispose();
    }
}
