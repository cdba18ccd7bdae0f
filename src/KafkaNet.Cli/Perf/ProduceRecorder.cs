using System.Diagnostics;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Collects delivery reports: the whole-run histogram and the current progress window.
/// Reports usually arrive on the client's polling thread, but Flush serves them on its caller's
/// thread too, so two threads can record at once: recording takes a lock.
/// </summary>
internal sealed class ProduceRecorder
{
    private readonly Lock _gate = new();
    private readonly LatencyHistogram _histogram = new();
    private readonly long _start;
    private readonly long _windowLength;
    private long _completed;
    private long _bytes;
    private long _errors;
    private long _windowStart;
    private long _windowRecords;
    private long _windowBytes;
    private long _windowLatencySum;
    private long _windowLatencyMax;

    /// <param name="start">The run's start, as a <see cref="Stopwatch.GetTimestamp"/> value.</param>
    /// <param name="window">How often a progress line is due.</param>
    public ProduceRecorder(long start, TimeSpan window)
    {
        _start = start;
        _windowStart = start;
        _windowLength = (long)(window.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Reports recorded so far, successful or not.</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Records one successful delivery; returns the finished window when a progress line is due.</summary>
    public ProduceResult? Record(long latencyMicros, int bytes, long now)
    {
        lock (_gate)
        {
            _histogram.Record(latencyMicros);
            _bytes += bytes;
            _windowRecords++;
            _windowBytes += bytes;
            _windowLatencySum += latencyMicros;
            _windowLatencyMax = Math.Max(_windowLatencyMax, latencyMicros);
            Interlocked.Increment(ref _completed);
            return now - _windowStart >= _windowLength ? CloseWindow(now) : null;
        }
    }

    /// <summary>A failed delivery counts as completed but adds no latency or bytes.</summary>
    public void RecordError()
    {
        lock (_gate)
        {
            _errors++;
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>The whole run up to <paramref name="now"/>; call once every report is recorded.</summary>
    public ProduceResult Total(long now)
    {
        lock (_gate)
        {
            return new(_histogram.Count, _bytes, Seconds(now - _start), _errors, LatencySummary.From(_histogram));
        }
    }

    private ProduceResult CloseWindow(long now)
    {
        var avgMs = _windowLatencySum / 1000.0 / _windowRecords;
        var window = new ProduceResult(
            _windowRecords,
            _windowBytes,
            Seconds(now - _windowStart),
            0,
            new LatencySummary(avgMs, _windowLatencyMax / 1000.0, 0, 0, 0, 0));
        _windowStart = now;
        _windowRecords = 0;
        _windowBytes = 0;
        _windowLatencySum = 0;
        _windowLatencyMax = 0;
        return window;
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
