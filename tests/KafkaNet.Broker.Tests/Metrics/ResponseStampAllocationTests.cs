using System.Diagnostics;
using System.Threading.Tasks.Sources;
using KafkaNet.Broker.Network;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>Noting when a request's response is ready costs no allocation per request, whether the handler answered at once or waited.</summary>
public sealed class ResponseStampAllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public void Stamping_an_answered_or_a_waiting_response_does_not_allocate()
    {
        var stamps = new ResponseStamps(1);
        var handler = new WaitingHandler();
        Stamp(stamps, handler, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long stamped = Stamp(stamps, handler, Calls);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2 * Calls, stamped);
    }

    // Each call: a handler that answered (ready when it returned) and one that waited (ready when it completed).
    [Fact]
    public async Task A_handler_that_fails_after_waiting_fails_its_stamped_response()
    {
        var stamps = new ResponseStamps(1);
        var failing = new TaskCompletionSource<IKafkaMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stamped = stamps.When(new ValueTask<IKafkaMessage?>(failing.Task), Stopwatch.GetTimestamp());
        failing.SetException(new IOException("log gone"));
        Assert.Equal("log gone", (await Assert.ThrowsAsync<IOException>(async () => await stamped)).Message);

        // The stamp came back: the next waiting response uses it and completes.
        var handler = new WaitingHandler();
        var next = stamps.When(handler.Start(), Stopwatch.GetTimestamp());
        handler.Complete();
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Null((await next).Message);
    }

    private static long Stamp(ResponseStamps stamps, WaitingHandler handler, int calls)
    {
        long stamped = 0;
        for (int i = 0; i < calls; i++)
        {
            long returned = Stopwatch.GetTimestamp();
            var answered = stamps.When(new ValueTask<IKafkaMessage?>((IKafkaMessage?)null), returned);
            stamped += answered.Result.ReadyAt == returned ? 1 : 0;

            var waiting = stamps.When(handler.Start(), returned);
            handler.Complete();
            stamped += waiting.IsCompletedSuccessfully && waiting.Result.ReadyAt >= returned ? 1 : 0;
        }
        return stamped;
    }

    /// <summary>A reusable pending response, completed on this thread as a woken fetch or produce completes its own.</summary>
    private sealed class WaitingHandler : IValueTaskSource<IKafkaMessage?>
    {
        private ManualResetValueTaskSourceCore<IKafkaMessage?> _core;

        public ValueTask<IKafkaMessage?> Start()
        {
            _core.Reset();
            return new ValueTask<IKafkaMessage?>(this, _core.Version);
        }

        public void Complete() => _core.SetResult(null);

        public IKafkaMessage? GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
