namespace KafkaNet.Broker.Quotas;

/// <summary>
/// A rate measured as Kafka's quota sensors measure it: values summed into <c>quota.window.num</c> samples of
/// <c>quota.window.size.seconds</c> each, a sample starting when the first value after the previous one's end comes,
/// samples older than all windows together forgotten, and the total divided by the time since the oldest sample
/// began. Kafka divides by at least all windows but one, so a client it has just met may first send ten windows'
/// worth at once (with the defaults) and then swings between bursts and long throttles as those samples expire; here
/// the time is at least one window, so a new client's first burst is one window's worth and it is held at its quota
/// from then on. Fixed arrays, one lock: recording allocates nothing.
/// </summary>
internal sealed class QuotaRate
{
    /// <summary>Full windows a rate is measured over at the least (Kafka: all windows but one).</summary>
    private const long MinimumWindows = 1;

    private readonly Lock _gate = new();
    private readonly long[] _starts;
    private readonly double[] _values;
    private readonly long _windowMs;
    private readonly int _maxThrottleMs;
    private int _used;
    private int _current;

    /// <param name="maxThrottleMs">
    /// The longest throttle given: Kafka caps request_percentage and connection_creation_rate throttles at one window.
    /// </param>
    public QuotaRate(int windows, long windowMs, int maxThrottleMs = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowMs, 1);
        _starts = new long[windows];
        _values = new double[windows];
        _windowMs = windowMs;
        _maxThrottleMs = maxThrottleMs;
    }

    /// <summary>
    /// Adds <paramref name="value"/> at <paramref name="nowMs"/> and returns how long the client must wait for the rate
    /// to come back to <paramref name="bound"/> (0 when it is within it), as Kafka computes a throttle time:
    /// (rate - bound) / bound × the measured window.
    /// </summary>
    public int RecordAndGetThrottleMs(double value, double bound, long nowMs)
    {
        lock (_gate)
        {
            Record(value, nowMs);
            var (rate, windowMs) = Measure(nowMs);
            if (rate <= bound || bound <= 0)
            {
                return 0;
            }
            return (int)Math.Min(_maxThrottleMs, Math.Round((rate - bound) / bound * windowMs));
        }
    }

    /// <summary>The rate per second at <paramref name="nowMs"/>.</summary>
    public double RatePerSecond(long nowMs)
    {
        lock (_gate)
        {
            return Measure(nowMs).Rate;
        }
    }

    private void Record(double value, long nowMs)
    {
        if (_used == 0)
        {
            Start(0, nowMs);
            _used = 1;
        }
        else if (nowMs >= _starts[_current] + _windowMs)
        {
            _current = (_current + 1) % _starts.Length;
            _used = Math.Max(_used, _current + 1);
            Start(_current, nowMs);
        }
        _values[_current] += value;
    }

    private (double Rate, double WindowMs) Measure(long nowMs)
    {
        long expireMs = _windowMs * _starts.Length;
        double total = 0;
        long oldest = nowMs;
        for (int i = 0; i < _used; i++)
        {
            if (nowMs - _starts[i] >= expireMs)
            {
                Start(i, nowMs); // too old to count
            }
            total += _values[i];
            oldest = Math.Min(oldest, _starts[i]);
        }
        long elapsed = nowMs - oldest;
        long fullWindows = elapsed / _windowMs;
        long minFullWindows = Math.Min(MinimumWindows, _starts.Length - 1);
        if (fullWindows < minFullWindows)
        {
            elapsed += (minFullWindows - fullWindows) * _windowMs;
        }
        elapsed = Math.Max(elapsed, 1);
        return (total / (elapsed / 1000.0), elapsed);
    }

    private void Start(int sample, long nowMs)
    {
        _starts[sample] = nowMs;
        _values[sample] = 0;
    }
}
