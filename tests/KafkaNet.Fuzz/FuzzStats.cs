using System.Collections.Concurrent;

namespace KafkaNet.Fuzz;

/// <summary>Counters shared by the fuzzing connections, and the failures they saw.</summary>
internal sealed class FuzzStats
{
    private const int KeptFailures = 20;
    private readonly long[] _sentByKey = new long[129];
    private readonly long[] _sentBySource = new long[4];
    private readonly ConcurrentQueue<string> _failures = new();
    private long _responses;
    private long _brokerClosed;
    private long _abandonedLongWaits;
    private long _failureCount;

    public long Sent => _sentBySource.Sum();
    public long Responses => Interlocked.Read(ref _responses);
    public long BrokerClosed => Interlocked.Read(ref _brokerClosed);
    public long AbandonedLongWaits => Interlocked.Read(ref _abandonedLongWaits);
    public long FailureCount => Interlocked.Read(ref _failureCount);
    public IEnumerable<string> Failures => _failures;

    public void CountSent(short apiKey, FrameSource source)
    {
        Interlocked.Increment(ref _sentByKey[apiKey is >= 0 and < 128 ? apiKey : 128]);
        Interlocked.Increment(ref _sentBySource[(int)source]);
    }

    public void CountResponse() => Interlocked.Increment(ref _responses);

    public void CountBrokerClosed() => Interlocked.Increment(ref _brokerClosed);

    public void CountAbandonedLongWait() => Interlocked.Increment(ref _abandonedLongWaits);

    public void Fail(string report)
    {
        if (Interlocked.Increment(ref _failureCount) <= KeptFailures)
        {
            _failures.Enqueue(report);
            Console.Error.WriteLine(report);
        }
    }

    /// <summary>(API key or -1 for keys outside 0..127, frames) for every key sent at least once.</summary>
    public IEnumerable<(int Key, long Frames)> SentByKey() =>
        _sentByKey.Select((n, k) => (k == 128 ? -1 : k, n)).Where(p => p.n > 0);

    public long SentBySource(FrameSource source) => Interlocked.Read(ref _sentBySource[(int)source]);
}
