namespace KafkaNet.Broker.Quotas;

/// <summary>One request's view of its controller_mutation_rate: admits topics one by one and keeps the throttle.</summary>
public sealed class MutationQuota
{
    private readonly MutationTokenBucket? _bucket;
    private readonly double _rate;
    private readonly bool _strict;

    internal MutationQuota(MutationTokenBucket? bucket, double rate, bool strict)
    {
        _bucket = bucket;
        _rate = rate;
        _strict = strict;
    }

    /// <summary>No quota applies: everything is admitted.</summary>
    public static MutationQuota Unbounded { get; } = new(null, 0, strict: false);

    /// <summary>How long the client must wait before its next mutation, in ms (0 when within its quota).</summary>
    public int ThrottleTimeMs { get; private set; }

    /// <summary>
    /// True to go on with a topic that creates or deletes <paramref name="partitions"/> partitions. A strict quota
    /// refuses it (and every later topic of the request) once the bucket is below zero; a permissive one never refuses.
    /// </summary>
    public bool Admit(int partitions)
    {
        if (_bucket is null)
        {
            return true;
        }
        long nowMs = Environment.TickCount64;
        if (!_strict)
        {
            ThrottleTimeMs = Math.Max(ThrottleTimeMs, _bucket.Take(partitions, _rate, nowMs));
            return true;
        }
        if (ThrottleTimeMs > 0)
        {
            return false;
        }
        if (_bucket.TryTake(partitions, _rate, nowMs, out int throttleMs))
        {
            return true;
        }
        ThrottleTimeMs = throttleMs;
        return false;
    }
}
