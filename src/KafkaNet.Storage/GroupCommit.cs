namespace KafkaNet.Storage;

/// <summary>
/// Durable-mode acknowledgements: each waiter asks for an offset to be on disk; one fsync covers every waiter that
/// arrived before it started, so concurrent appends share fsyncs instead of queueing one each.
/// </summary>
internal sealed class GroupCommit
{
    private readonly Func<long> _flush;
    private readonly Lock _gate = new();
    private long _durableOffset;
    private int _truncations;
    private TaskCompletionSource? _next;
    private bool _running;

    /// <param name="flush">Fsyncs the log and returns the end offset it covered (read before syncing).</param>
    public GroupCommit(Func<long> flush, long durableOffset)
    {
        _flush = flush;
        _durableOffset = durableOffset;
    }

    /// <summary>Completes once every offset below <paramref name="endOffset"/> is on disk.</summary>
    public Task WaitForAsync(long endOffset)
    {
        lock (_gate)
        {
            if (endOffset <= _durableOffset)
            {
                return Task.CompletedTask;
            }

            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task task = _next.Task;
            if (!_running)
            {
                _running = true;
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.Run(), this, preferLocal: false);
            }

            return task;
        }
    }

    /// <summary>
    /// The log was cut at <paramref name="endOffset"/>: offsets from there on are no longer on disk, and an fsync that
    /// started before the cut must not vouch for the offsets appended again after it.
    /// </summary>
    public void Truncate(long endOffset)
    {
        lock (_gate)
        {
            _durableOffset = Math.Min(_durableOffset, endOffset);
            _truncations++;
        }
    }

    private void Run()
    {
        while (true)
        {
            TaskCompletionSource waiters;
            int truncations;
            lock (_gate)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }

                waiters = _next;
                _next = null;
                truncations = _truncations;
            }

            try
            {
                long covered = _flush();
                lock (_gate)
                {
                    if (truncations == _truncations)
                    {
                        _durableOffset = Math.Max(_durableOffset, covered);
                    }
                }

                waiters.SetResult();
            }
#pragma warning disable CA1031 // The failure belongs to the appenders waiting on it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                waiters.SetException(e);
            }
        }
    }
}
