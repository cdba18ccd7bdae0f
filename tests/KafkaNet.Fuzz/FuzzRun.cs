using System.Net;

namespace KafkaNet.Fuzz;

/// <summary>Runs frames [start, end) over several concurrent connections until done, out of time, or aborted.</summary>
internal sealed class FuzzRun
{
    private readonly Func<bool> _brokerGone;
    private int _aborted;
    private int _deathReported;

    public FuzzRun(int seed, FrameFactory factory, IReadOnlyDictionary<short, (short Min, short Max)> advertised, FuzzStats stats,
        int depth, TimeSpan hangTimeout, Func<bool> brokerGone)
    {
        Seed = seed;
        Factory = factory;
        Advertised = advertised;
        Stats = stats;
        Depth = depth;
        HangTimeout = hangTimeout;
        _brokerGone = brokerGone;
    }

    public int Seed { get; }
    public FrameFactory Factory { get; }
    public IReadOnlyDictionary<short, (short Min, short Max)> Advertised { get; }
    public FuzzStats Stats { get; }
    public int Depth { get; }
    public TimeSpan HangTimeout { get; }
    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Reports what the broker does at the first hang (a spawned broker only).</summary>
    public HangDiagnostics? Diagnostics { get; init; }

    public void Abort() => Interlocked.Exchange(ref _aborted, 1);

    /// <summary>
    /// A hang was reported: the run stops once the diagnostics are taken, since every later frame would wait out the
    /// hang timeout too when the broker is stuck as a whole.
    /// </summary>
    public void HangSeen()
    {
        if (Diagnostics is not { } diagnostics)
        {
            Abort();
            return;
        }
        diagnostics.OnHang();
        diagnostics.Completion.ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    /// <summary>True (and reported once, with the frames in flight unknown) when the broker process is gone.</summary>
    public bool BrokerDied()
    {
        if (!_brokerGone())
        {
            return false;
        }
        if (Interlocked.Exchange(ref _deathReported, 1) == 0)
        {
            Stats.Fail($"FAIL broker crash: the broker process exited (seed {Seed}, around frame {Stats.Sent}); see the server log");
        }
        Abort();
        return true;
    }

    public string Report(string kind, FuzzConnection.Pending? frame, string detail)
    {
        if (frame is null)
        {
            return $"FAIL {kind}: seed {Seed}; {detail}";
        }
        var e = frame.Expectation;
        return $"FAIL {kind}: seed {Seed} frame {frame.Frame.Index} ({frame.Frame.Source}) api {e.ApiKey} v{e.Version} correlation {e.CorrelationId}; {detail}\n" +
            $"  frame hex (with size prefix): {Hex.Of(frame.Frame.Bytes)}";
    }

    public async Task RunAsync(IPEndPoint endpoint, int connections, long start, long end, DateTime deadline, Action<long>? progress)
    {
        long next = start - 1;
        long? NextIndex()
        {
            if (Aborted || DateTime.UtcNow >= deadline)
            {
                return null;
            }
            long index = Interlocked.Increment(ref next);
            return index < end ? index : null;
        }
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var connection = new FuzzConnection(endpoint, this);
            await connection.RunAsync(NextIndex).ConfigureAwait(false);
        })).ToArray();
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
            progress?.Invoke(Math.Min(Interlocked.Read(ref next), end) - start);
            if (BrokerDied())
            {
                break;
            }
        }
        await Task.WhenAny(all, Task.Delay(HangTimeout * 3)).ConfigureAwait(false);
    }
}
