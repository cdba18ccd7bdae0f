using System.Threading.Tasks.Sources;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// One long-polling fetch's wait: woken by an append to a partition it reads, by its deadline or by
/// its connection closing, whichever comes first. Wakes may be stale or repeated (the fetch reads
/// again and waits again if it still lacks bytes), so a wake only ever means "look again".
/// An append runs the woken fetch on its own thread, as Kafka completes delayed fetches in the
/// produce path: one thread switch fewer per record for a consumer at the log end.
/// </summary>
internal sealed class FetchWaiter : IValueTaskSource, IThreadPoolWorkItem
{
    private const int Waiting = 0;
    private const int Woken = 1;

    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state = Woken;
    private volatile bool _retired;

    public FetchWaiter(long deadline)
    {
        Deadline = deadline;
        _core.RunContinuationsAsynchronously = false;
    }

    /// <summary>When the fetch must answer, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long Deadline { get; }

    /// <summary>True while a wait is armed and not yet woken.</summary>
    public bool IsWaiting => Volatile.Read(ref _state) == Waiting;

    /// <summary>Arms the waiter for the next wait; call only when no wake is pending.</summary>
    public void Arm()
    {
        _core.Reset();
        Volatile.Write(ref _state, Waiting);
    }

    /// <summary>
    /// Completes the current wait if there is one; false when it was already woken. Inline, the
    /// fetch goes on at once on the caller's thread (an append, called outside any lock);
    /// otherwise on a thread-pool thread (the timer, a closing connection).
    /// </summary>
    public bool TryWake(bool inline = false)
    {
        if (Interlocked.CompareExchange(ref _state, Woken, Waiting) != Waiting)
        {
            return false;
        }
        if (inline)
        {
            _core.SetResult(true);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
        return true;
    }

    /// <summary>True once the fetch has answered: its deadline no longer matters.</summary>
    public bool IsRetired => _retired;

    /// <summary>Ends the waiter's use: later wakes do nothing.</summary>
    public void Retire()
    {
        _retired = true;
        Volatile.Write(ref _state, Woken);
    }

    /// <summary>Waits for the wake of the current arming.</summary>
    public ValueTask WaitAsync() => new(this, _core.Version);

    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
