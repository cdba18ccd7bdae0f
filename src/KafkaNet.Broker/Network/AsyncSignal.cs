using System.Threading.Tasks.Sources;

namespace KafkaNet.Broker.Network;

/// <summary>
/// An auto-reset signal for one waiter at a time, reusable without allocating. A Set with nobody
/// waiting is remembered for the next wait. The waiter continues on the thread that calls Set:
/// the waiters here only take the next step of their own loop.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core;
    private bool _signaled;
    private bool _waiting;

    public ValueTask WaitAsync()
    {
        lock (_gate)
        {
            if (_signaled)
            {
                _signaled = false;
                return default;
            }
            _core.Reset();
            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    public void Set()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                _signaled = true;
                return;
            }
            _waiting = false;
        }
        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
