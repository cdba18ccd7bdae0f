using System.Diagnostics;
using System.Globalization;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Totals a client's requests from its periodic statistics reports. A report arrives on
/// whichever thread polls the client, so every member takes the lock.
/// </summary>
internal sealed class RequestTally
{
    public const string IntervalKey = "statistics.interval.ms";

    /// <summary>Often enough that the last report follows the end of a run within a fraction of a second.</summary>
    public const int DefaultIntervalMs = 200;

    /// <summary>A report can be generated just before the end of a run and delivered just after it, so wait for two.</summary>
    private const int FreshReportsNeeded = 2;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RequestCounts> _latest = new(StringComparer.Ordinal);
    private readonly int _intervalMs;
    private RequestCounts _retired;
    private long _reports;

    public RequestTally(int intervalMs)
    {
        _intervalMs = intervalMs;
    }

    /// <summary>The tool's statistics setting, layered under the user's properties so they may change or disable it.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ConfigDefaults { get; } =
        [new(IntervalKey, DefaultIntervalMs.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A tally for a client built from <paramref name="config"/>: its interval decides whether reports come at all.</summary>
    public static RequestTally For(IReadOnlyDictionary<string, string> config) =>
        new(config.TryGetValue(IntervalKey, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var interval)
                ? interval
                : 0);

    public long Reports
    {
        get
        {
            lock (_lock)
            {
                return _reports;
            }
        }
    }

    /// <summary>Every broker ever reported, each at its latest counters.</summary>
    public RequestCounts Total
    {
        get
        {
            lock (_lock)
            {
                var total = _retired;
                foreach (var counts in _latest.Values)
                {
                    total += counts;
                }

                return total;
            }
        }
    }

    /// <summary>The statistics handler: takes one JSON report.</summary>
    public void Observe(string json) => Observe(StatisticsJson.BrokerCounters(json));

    /// <summary>
    /// A broker missing from a report keeps its last counters (librdkafka drops bootstrap brokers
    /// it no longer needs); a counter that goes down is a new broker object under the same name,
    /// so the old one's counts are kept aside.
    /// </summary>
    public void Observe(IReadOnlyList<KeyValuePair<string, RequestCounts>> brokers)
    {
        lock (_lock)
        {
            foreach (var (name, counts) in brokers)
            {
                if (_latest.TryGetValue(name, out var previous) && counts.Requests < previous.Requests)
                {
                    _retired += previous;
                }

                _latest[name] = counts;
            }

            _reports++;
        }
    }

    /// <summary>
    /// The counts once reports made after this call have arrived, or null when the client reports
    /// no statistics. <paramref name="pump"/> lets reports arrive (a consumer only delivers them
    /// inside Consume) and waits at most the time it is given.
    /// </summary>
    public RequestCounts? Final(Action<TimeSpan> pump)
    {
        if (_intervalMs <= 0)
        {
            return null;
        }

        var target = Reports + FreshReportsNeeded;
        var limit = TimeSpan.FromMilliseconds((FreshReportsNeeded + 1) * (double)_intervalMs) + TimeSpan.FromSeconds(2);
        var slice = TimeSpan.FromMilliseconds(Math.Clamp(_intervalMs / 4, 1, 50));
        var start = Stopwatch.GetTimestamp();
        while (Reports < target && Stopwatch.GetElapsedTime(start) < limit)
        {
            pump(slice);
        }

        return Reports > 0 ? Total : null;
    }
}
