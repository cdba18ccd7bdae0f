using System.Diagnostics;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>Counts acceptances of numbered values 0..records-1 from many threads, and notes when the last missing
/// value arrived.</summary>
internal sealed class NumberedTally(int records)
{
    private readonly int[] _acceptances = new int[records];
    private long _started = Stopwatch.GetTimestamp();
    private bool _startMarked;
    private int _distinct;
    private int _outOfRange;
    private long _completed = -1;

    public int Records => records;

    public int Distinct => Volatile.Read(ref _distinct);

    public bool Complete => Distinct >= records;

    /// <summary>From the tally's creation (or <see cref="MarkStart"/>) until every value was accepted, or until now if not yet.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Interlocked.Read(ref _started), Interlocked.Read(ref _completed) is long t and >= 0 ? t : Stopwatch.GetTimestamp());

    /// <summary>Counts time from <paramref name="timestamp"/> (Stopwatch ticks) instead; only the first call counts.</summary>
    public void MarkStart(long timestamp)
    {
        if (!Interlocked.Exchange(ref _startMarked, true))
        {
            Interlocked.Exchange(ref _started, timestamp);
        }
    }

    public void Accept(string? value) => Accept(int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : -1);

    public void Accept(int v)
    {
        if (v < 0 || v >= records)
        {
            Interlocked.Increment(ref _outOfRange);
            return;
        }
        if (Interlocked.Increment(ref _acceptances[v]) == 1 && Interlocked.Increment(ref _distinct) == records)
        {
            Interlocked.Exchange(ref _completed, Stopwatch.GetTimestamp());
        }
    }

    public bool ExactlyOnce => Volatile.Read(ref _outOfRange) == 0 && _acceptances.All(n => n == 1);

    public override string ToString()
    {
        int missing = _acceptances.Count(n => n == 0);
        int repeated = _acceptances.Count(n => n > 1);
        return $"{Distinct} of {records} distinct values accepted, {missing} missing, {repeated} accepted more than once, {_outOfRange} unknown";
    }
}
