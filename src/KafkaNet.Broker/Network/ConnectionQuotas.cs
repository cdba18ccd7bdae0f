using System.Net;

namespace KafkaNet.Broker.Network;

/// <summary>
/// Counts the open connections of the client listeners, in total and per client address, as Kafka's
/// connection quotas do. A new connection first waits while the broker is at max.connections (Kafka's
/// acceptor stops accepting until one closes), then is refused if its address is already at its
/// max.connections.per.ip limit. Before either, a connection beyond max.connection.creation.rate waits for
/// its turn. Every admitted connection is released exactly once when it ends.
/// </summary>
public sealed class ConnectionQuotas
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<string, int> _perListener = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConnectionCreationRate _creationRate;
    private ConnectionLimits _limits;
    private int _total;
    // Completed when a slot may have opened; replaced only after a waiter has seen it.
    private TaskCompletionSource? _slotFreed;

    public ConnectionQuotas(ConnectionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _creationRate = new ConnectionCreationRate(limits.MaxConnectionCreationRate);
    }

    public ConnectionLimits Limits
    {
        get
        {
            lock (_gate)
            {
                return _limits;
            }
        }
    }

    /// <summary>Connections admitted and not yet released.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Connections admitted from <paramref name="address"/> and not yet released.</summary>
    public int CountOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        lock (_gate)
        {
            return _perAddress.GetValueOrDefault(ConnectionLimits.Normalize(address));
        }
    }

    /// <summary>New limits (a dynamic config change): connections over them stay; waiters re-check at once.</summary>
    public void Reconfigure(ConnectionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lock (_gate)
        {
            _limits = limits;
            _creationRate.Reconfigure(limits.MaxConnectionCreationRate);
            WakeWaitersLocked();
        }
    }

    /// <summary>
    /// Waits for a broker-wide slot, then admits the connection unless its address is at its limit.
    /// A null address (not an IP connection) counts towards the total only. Cancelling (the connection
    /// closed while waiting) leaves nothing counted.
    /// </summary>
    public ValueTask<ConnectionAdmission> AdmitAsync(IPAddress? address, CancellationToken cancellationToken) =>
        AdmitAsync(address, null, cancellationToken);

    /// <summary>
    /// As <see cref="AdmitAsync(IPAddress?, CancellationToken)"/>, also waiting while <paramref name="listener"/> is at its
    /// own limit (listener.name.&lt;listener&gt;.max.connections), as Kafka's acceptor for that listener stops accepting.
    /// </summary>
    public async ValueTask<ConnectionAdmission> AdmitAsync(IPAddress? address, string? listener, CancellationToken cancellationToken)
    {
        var key = address is null ? null : ConnectionLimits.Normalize(address);
        if (_creationRate.Take() is { Ticks: > 0 } throttle)
        {
            await Task.Delay(throttle, cancellationToken).ConfigureAwait(false);
        }
        while (true)
        {
            Task slotFreed;
            lock (_gate)
            {
                if (_total < _limits.MaxConnections && ListenerCountLocked(listener) < _limits.LimitOfListener(listener))
                {
                    return AdmitLocked(key, listener);
                }
                _slotFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                slotFreed = _slotFreed.Task;
            }
            await slotFreed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back the slot of a connection <see cref="AdmitAsync"/> admitted.</summary>
    public void Release(IPAddress? address) => Release(address, null);

    /// <summary>Gives back the slot of a connection admitted on <paramref name="listener"/>.</summary>
    public void Release(IPAddress? address, string? listener)
    {
        var key = address is null ? null : ConnectionLimits.Normalize(address);
        lock (_gate)
        {
            if (_total == 0)
            {
                throw new InvalidOperationException("Released a connection that was never admitted.");
            }
            _total--;
            if (listener is not null && --_perListener[listener] == 0)
            {
                _perListener.Remove(listener);
            }
            if (key is not null)
            {
                int count = _perAddress[key] - 1;
                if (count == 0)
                {
                    _perAddress.Remove(key);
                }
                else
                {
                    _perAddress[key] = count;
                }
            }
            WakeWaitersLocked();
        }
    }

    private int ListenerCountLocked(string? listener) => listener is null ? 0 : _perListener.GetValueOrDefault(listener);

    private ConnectionAdmission AdmitLocked(IPAddress? key, string? listener)
    {
        if (key is not null)
        {
            int count = _perAddress.GetValueOrDefault(key);
            int limit = _limits.LimitOf(key);
            if (count >= limit)
            {
                return ConnectionAdmission.Refused(limit);
            }
            _perAddress[key] = count + 1;
        }
        _total++;
        if (listener is not null)
        {
            _perListener[listener] = ListenerCountLocked(listener) + 1;
        }
        return ConnectionAdmission.Admitted;
    }

    private void WakeWaitersLocked()
    {
        // A waiter may be held by its listener's limit rather than the total: it looks again either way.
        if (_slotFreed is { } waiters)
        {
            _slotFreed = null;
            waiters.SetResult();
        }
    }
}

/// <summary>Whether a new connection may be served; when refused, the per-address limit it reached.</summary>
public readonly record struct ConnectionAdmission(bool IsAdmitted, int Limit)
{
    public static ConnectionAdmission Admitted => new(true, 0);

    public static ConnectionAdmission Refused(int limit) => new(false, limit);
}
