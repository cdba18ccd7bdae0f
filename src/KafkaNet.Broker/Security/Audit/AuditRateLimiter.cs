namespace KafkaNet.Broker.Security.Audit;

/// <summary>
/// At most <see cref="LinesPerSecond"/> audit lines of one kind per second: a flood of refused requests or failed logins
/// must not become a log storm. What was held back is counted and reported once, when the next line of the kind is
/// allowed (or by <see cref="TakeSuppressed"/>).
/// </summary>
public sealed class AuditRateLimiter
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _windowStart = long.MinValue;
    private int _inWindow;
    private long _suppressed;

    public AuditRateLimiter(int linesPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerSecond, 1);
        LinesPerSecond = linesPerSecond;
        _time = time ?? TimeProvider.System;
    }

    public int LinesPerSecond { get; }

    /// <summary>
    /// True when a line may be written now; <paramref name="suppressedBefore"/> is how many were held back since the
    /// last line written, to be reported with it.
    /// </summary>
    public bool TryAcquire(out long suppressedBefore)
    {
        long second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (second != _windowStart)
            {
                _windowStart = second;
                _inWindow = 0;
            }
            if (_inWindow >= LinesPerSecond)
            {
                _suppressed++;
                suppressedBefore = 0;
                return false;
            }
            _inWindow++;
            suppressedBefore = _suppressed;
            _suppressed = 0;
            return true;
        }
    }

    /// <summary>How many lines were held back and not yet reported; resets the count.</summary>
    public long TakeSuppressed()
    {
        lock (_gate)
        {
            long suppressed = _suppressed;
            _suppressed = 0;
            return suppressed;
        }
    }
}
