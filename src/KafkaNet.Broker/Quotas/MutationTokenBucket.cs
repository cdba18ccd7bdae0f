namespace KafkaNet.Broker.Quotas;

/// <summary>
/// The token bucket Kafka measures controller_mutation_rate with (KIP-599): it fills at the quota's rate up to a burst
/// of the quota times all sample windows, each mutation takes one token per partition, and it may go below zero.
/// While it is below zero the client is over its quota and must wait until it is back at zero. A new bucket is full.
/// </summary>
internal sealed class MutationTokenBucket
{
    private readonly Lock _gate = new();
    private readonly long _burstWindowMs;
    private double _tokens;
    private long _lastMs = long.MinValue;

    /// <param name="burstWindowMs">quota.window.num × quota.window.size: how many seconds of the rate the bucket holds.</param>
    public MutationTokenBucket(long burstWindowMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burstWindowMs, 1);
        _burstWindowMs = burstWindowMs;
    }

    /// <summary>
    /// Strict (CreateTopics v6+, CreatePartitions v3+, DeleteTopics v5+): takes <paramref name="permits"/> only if the
    /// bucket is not below zero, so one request may take it below zero by its own size; else takes nothing and gives
    /// the time until the bucket is back at zero.
    /// </summary>
    public bool TryTake(double permits, double rate, long nowMs, out int throttleMs)
    {
        lock (_gate)
        {
            Refill(rate, nowMs);
            throttleMs = ThrottleMs(rate);
            if (throttleMs > 0)
            {
                return false;
            }
            _tokens -= permits;
            return true;
        }
    }

    /// <summary>Permissive (older versions): always takes the permits and gives the time until the bucket is back at zero.</summary>
    public int Take(double permits, double rate, long nowMs)
    {
        lock (_gate)
        {
            Refill(rate, nowMs);
            _tokens -= permits;
            return ThrottleMs(rate);
        }
    }

    /// <summary>The tokens left at <paramref name="nowMs"/>.</summary>
    public double Tokens(double rate, long nowMs)
    {
        lock (_gate)
        {
            Refill(rate, nowMs);
            return _tokens;
        }
    }

    private void Refill(double rate, long nowMs)
    {
        double burst = rate * _burstWindowMs / 1000.0;
        _tokens = _lastMs == long.MinValue ? burst : Math.Min(burst, _tokens + (rate * Math.Max(0, nowMs - _lastMs) / 1000.0));
        _lastMs = nowMs;
    }

    private int ThrottleMs(double rate) =>
        _tokens >= 0 || rate <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Round(-_tokens / rate * 1000));
}
