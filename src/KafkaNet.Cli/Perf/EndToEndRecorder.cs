using System.Diagnostics;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Receives stamped records on the consumer's thread and measures each one's latency from the
/// send time it carries to the moment it arrived. Records of the warm-up (connections, metadata,
/// first fetches, JIT) count as received but stay out of the figures. Not thread-safe: one
/// consumer thread records, and the totals are read after it has finished.
/// </summary>
internal sealed class EndToEndRecorder
{
    private readonly LatencyHistogram _histogram = new();
    private readonly long _start;
    private readonly long? _warmupRecords;
    private readonly long _warmupTicks;
    private readonly int _recordSize;
    private long _firstMeasuredSend = long.MaxValue;
    private long _lastMeasuredReceive;

    /// <param name="start">The run's start, as a <see cref="Stopwatch.GetTimestamp"/> value.</param>
    /// <param name="warmupRecords">The first records by sequence to leave out, or null to leave out by time.</param>
    /// <param name="warmupTime">With no record count, records sent within this time of the start are left out.</param>
    /// <param name="recordSize">Bytes of each record's value, for the MB/sec figure.</param>
    public EndToEndRecorder(long start, long? warmupRecords, TimeSpan warmupTime, int recordSize)
    {
        _start = start;
        _warmupRecords = warmupRecords;
        _warmupTicks = (long)(warmupTime.TotalSeconds * Stopwatch.Frequency);
        _recordSize = recordSize;
    }

    /// <summary>Records received from this run, warm-up included.</summary>
    public long Received { get; private set; }

    public long Warmup { get; private set; }

    /// <summary>Records one arrival; records this run did not send are ignored.</summary>
    public void Record(Stamp stamp, long receivedAt)
    {
        if (stamp.IsNone || stamp.SentAt < _start)
        {
            return;
        }

        Received++;
        if (IsWarmup(stamp))
        {
            Warmup++;
            return;
        }

        _histogram.Record((long)Stopwatch.GetElapsedTime(stamp.SentAt, receivedAt).TotalMicroseconds);
        _firstMeasuredSend = Math.Min(_firstMeasuredSend, stamp.SentAt);
        _lastMeasuredReceive = Math.Max(_lastMeasuredReceive, receivedAt);
    }

    /// <param name="sent">Records the producer sent, to count those that never arrived.</param>
    /// <param name="errors">Records whose delivery failed.</param>
    public EndToEndResult Total(long sent, long errors, RequestCounts? requests)
    {
        var measured = _histogram.Count;
        var elapsed = measured == 0 ? 0 : (double)(_lastMeasuredReceive - _firstMeasuredSend) / Stopwatch.Frequency;
        return new EndToEndResult(
            measured,
            Warmup,
            Math.Max(0, sent - Received),
            errors,
            measured * _recordSize,
            Math.Max(0, elapsed),
            LatencySummary.From(_histogram),
            requests);
    }

    private bool IsWarmup(Stamp stamp) => _warmupRecords is { } count
        ? stamp.Sequence < count
        : stamp.SentAt - _start < _warmupTicks;
}
