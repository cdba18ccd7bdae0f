using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Notes when each request's response is ready, for the remote and response queue times. A handler that answered
/// when it returned needs nothing; one that waits (a long-polling fetch, an acks=all produce) gets a stamp that
/// completes, stamped, when the handler does. A connection keeps one stamp per request it may have in flight and a
/// stamp comes back once its response has been taken, so no request allocates here.
/// </summary>
internal sealed class ResponseStamps
{
    private readonly Lock _gate = new();
    private readonly Stamp[] _free;
    private int _count;

    public ResponseStamps(int capacity)
    {
        _free = new Stamp[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _free[i] = new Stamp(this);
        }
        _count = capacity;
    }

    /// <summary>The response of a handler that returned at <paramref name="returnedAt"/>, with the moment it was ready.</summary>
    public ValueTask<ReadyResponse> When(ValueTask<IKafkaMessage?> response, long returnedAt) =>
        response.IsCompletedSuccessfully ? new(new ReadyResponse(response.Result, returnedAt)) : Rent().Track(response);

    private Stamp Rent()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                return _free[--_count];
            }
        }
        return new Stamp(this); // not expected: more waiting requests than a connection has in flight
    }

    private void Return(Stamp stamp)
    {
        lock (_gate)
        {
            if (_count < _free.Length)
            {
                _free[_count++] = stamp;
            }
        }
    }

    private sealed class Stamp : IValueTaskSource<ReadyResponse>
    {
        private readonly ResponseStamps _owner;
        private readonly Action _complete;
        private ManualResetValueTaskSourceCore<ReadyResponse> _core;
        private ConfiguredValueTaskAwaitable<IKafkaMessage?>.ConfiguredValueTaskAwaiter _handler;

        public Stamp(ResponseStamps owner)
        {
            _owner = owner;
            _complete = Complete;
        }

        public ValueTask<ReadyResponse> Track(ValueTask<IKafkaMessage?> response)
        {
            _core.Reset();
            var tracked = new ValueTask<ReadyResponse>(this, _core.Version);
            _handler = response.ConfigureAwait(false).GetAwaiter();
            if (_handler.IsCompleted)
            {
                Complete(); // failed before returning
            }
            else
            {
                _handler.UnsafeOnCompleted(_complete);
            }
            return tracked;
        }

        public ReadyResponse GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _owner.Return(this); // taken: the next waiting request may use it
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        // On the thread that completed the handler, before anything waits to send the response.
        private void Complete()
        {
            long readyAt = Stopwatch.GetTimestamp();
            var handler = _handler;
            _handler = default;
            IKafkaMessage? message;
            try
            {
                message = handler.GetResult();
            }
#pragma warning disable CA1031 // The handler's failure is the request's: whoever takes the response sees it.
            catch (Exception e)
            {
                _core.SetException(e);
                return;
            }
#pragma warning restore CA1031
            _core.SetResult(new ReadyResponse(message, readyAt));
        }
    }
}
