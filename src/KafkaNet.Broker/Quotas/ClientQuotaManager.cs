using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// One kind of client quota (a quota key such as producer_byte_rate): records what each client does and says how
/// long it must be throttled. Which quota applies is worked out once per user and client id and again only when the
/// quotas change; with no quotas at all recording costs a check of an empty map.
/// </summary>
public sealed class ClientQuotaManager
{
    private readonly string _key;
    private readonly int _windows;
    private readonly long _windowMs;
    private readonly int _maxThrottleMs;
    private readonly ConcurrentDictionary<(string User, string ClientId), Resolved> _resolved = new();
    private readonly ConcurrentDictionary<(string User, string ClientId), QuotaRate> _rates = new();

    public ClientQuotaManager(string key, int windows, long windowMs, int maxThrottleMs = int.MaxValue)
    {
        _key = key;
        _windows = windows;
        _windowMs = windowMs;
        _maxThrottleMs = maxThrottleMs;
    }

    /// <summary>Records <paramref name="value"/> for the client; the throttle time in ms, 0 when within its quota or it has none.</summary>
    public int RecordAndGetThrottleMs(
        ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> quotas, string user, string clientId, double value, long nowMs)
    {
        if (quotas.IsEmpty || Resolve(quotas, user, clientId) is not { Limit: { } limit } resolution)
        {
            return 0;
        }
        var rate = _rates.GetOrAdd((resolution.RateUser, resolution.RateClientId), static (_, m) => new QuotaRate(m._windows, m._windowMs, m._maxThrottleMs), this);
        return rate.RecordAndGetThrottleMs(value, limit, nowMs);
    }

    /// <summary>Which quota of this key applies to the client and whose rate it is measured on, cached until the quotas change.</summary>
    internal ClientQuotaResolution Resolve(
        ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> quotas, string user, string clientId)
    {
        var who = (user, clientId);
        if (!_resolved.TryGetValue(who, out var resolved) || !ReferenceEquals(resolved.Quotas, quotas))
        {
            resolved = new Resolved(quotas, ClientQuotaResolution.Resolve(quotas, _key, user, clientId));
            _resolved[who] = resolved;
        }
        return resolved.Resolution;
    }

    private sealed record Resolved(ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> Quotas, ClientQuotaResolution Resolution);
}
