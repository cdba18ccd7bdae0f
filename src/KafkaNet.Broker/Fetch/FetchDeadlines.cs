using System.Diagnostics;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// The deadlines of every waiting fetch under one timer, instead of a timer, a linked token
/// source and a delay task per request. Most fetches answer before their deadline (an append
/// woke them); their entries are dropped whenever the timer runs, and the timer is armed for the
/// earliest fetch still waiting, so it fires about once per max wait rather than once per fetch.
/// </summary>
internal sealed class FetchDeadlines : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<FetchWaiter, long> _queue = new();
    private readonly Timer _timer;
    private long _armedFor = long.MaxValue;

    public FetchDeadlines() => _timer = new Timer(static s => ((FetchDeadlines)s!).Expire(), this, Timeout.Infinite, Timeout.Infinite);

    /// <summary>Wakes <paramref name="waiter"/> at its deadline.</summary>
    public void Add(FetchWaiter waiter)
    {
        lock (_gate)
        {
            _queue.Enqueue(waiter, waiter.Deadline);
            if (waiter.Deadline < _armedFor)
            {
                Arm(waiter.Deadline);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Expire()
    {
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_queue.TryPeek(out var waiter, out long deadline) && (deadline <= now || waiter.IsRetired))
            {
                _queue.Dequeue();
                waiter.TryWake();
            }
            _armedFor = long.MaxValue;
            if (_queue.TryPeek(out _, out long next))
            {
                Arm(next);
            }
        }
    }

    // Called under the gate.
    private void Arm(long deadline)
    {
        _armedFor = deadline;
        long ticks = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        // Round up so the timer never fires before the deadline and finds nothing due.
        long ms = (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        try
        {
            _timer.Change(ms, Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: waiting fetches end with their connections.
        }
    }
}
