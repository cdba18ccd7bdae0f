using System.Diagnostics;

namespace KafkaNet.Broker.Network;

/// <summary>
/// max.connection.creation.rate: new connections per second beyond which accepting is delayed, as Kafka's
/// acceptor throttles itself. A bucket of one second's worth of connections refilled at the rate: a burst
/// up to the rate goes through at once, later connections each wait for their share of a second.
/// </summary>
internal sealed class ConnectionCreationRate
{
    private readonly Lock _gate = new();
    private int _perSecond;
    private double _available;
    private long _refilledAt = Stopwatch.GetTimestamp();

    public ConnectionCreationRate(int perSecond)
    {
        _perSecond = perSecond;
        _available = perSecond;
    }

    public void Reconfigure(int perSecond)
    {
        lock (_gate)
        {
            Refill();
            _perSecond = perSecond;
            _available = Math.Min(_available, perSecond);
        }
    }

    /// <summary>Counts one new connection; how long it must wait so the rate holds (zero within it).</summary>
    public TimeSpan Take()
    {
        lock (_gate)
        {
            if (_perSecond == int.MaxValue)
            {
                return TimeSpan.Zero;
            }
            Refill();
            // Taken even when none is left: the debt is what makes the next ones wait longer, in arrival order.
            _available -= 1;
            return _available >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_available / Math.Max(_perSecond, 1));
        }
    }

    private void Refill()
    {
        long now = Stopwatch.GetTimestamp();
        _available = Math.Min(_perSecond, _available + (Stopwatch.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
        _refilledAt = now;
    }
}
