using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// The connection_creation_rate quota of client addresses (KIP-612): new connections per second from one address,
/// set for that ip or for the ip default, measured like the byte rates. A connection over it is closed once the
/// throttle time (at most one window, as Kafka caps it) has passed, as Kafka's processor delays closing it so the
/// client does not come straight back.
/// </summary>
public sealed class IpConnectionRateQuotas
{
    private readonly int _windows;
    private readonly long _windowMs;
    private readonly ConcurrentDictionary<IPAddress, QuotaRate> _rates = new();

    public IpConnectionRateQuotas(int windows, long windowMs)
    {
        _windows = windows;
        _windowMs = windowMs;
    }

    /// <summary>Counts a new connection from <paramref name="address"/>; how long to hold it before closing it, 0 to serve it.</summary>
    public int RecordAndGetThrottleMs(ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> quotas, IPAddress address, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(address);
        if (quotas.IsEmpty || LimitOf(quotas, address) is not { } limit)
        {
            return 0;
        }
        var rate = _rates.GetOrAdd(address, static (_, q) => new QuotaRate(q._windows, q._windowMs, (int)q._windowMs), this);
        return rate.RecordAndGetThrottleMs(1, limit, nowMs);
    }

    private static double? LimitOf(ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> quotas, IPAddress address)
    {
        foreach (string? name in new[] { address.ToString(), null })
        {
            if (quotas.TryGetValue(ClientQuotaEntity.Of((ClientQuotaEntity.Ip, name)), out var values)
                && values.TryGetValue(ClientQuotaKeys.ConnectionCreationRate, out double limit))
            {
                return limit;
            }
        }
        return null;
    }
}
