namespace KafkaNet.Broker.Fetch;

/// <summary>
/// The broker's fetch sessions, bounded like Kafka's (max.incremental.fetch.session.cache.slots,
/// default 1000): when full, the least recently used session makes room if it has been idle for
/// the eviction time (min.incremental.fetch.session.eviction.ms, 120 s); otherwise no session is
/// created and the client fetches without one. A client whose session was evicted gets
/// FETCH_SESSION_ID_NOT_FOUND and starts a new one.
/// </summary>
internal sealed class FetchSessionCache
{
    private readonly Dictionary<int, FetchSession> _sessions = [];
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly TimeSpan _evictionAge;
    private int _nextId;

    public FetchSessionCache(int capacity = 1000, TimeSpan? evictionAge = null)
    {
        _capacity = capacity;
        _evictionAge = evictionAge ?? TimeSpan.FromMilliseconds(120000);
        _nextId = Random.Shared.Next(1, int.MaxValue / 2);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>A new session, or null when the cache has no room (the client then fetches without one).</summary>
    public FetchSession? Create()
    {
        lock (_lock)
        {
            if (_capacity <= 0)
            {
                return null;
            }
            if (_sessions.Count >= _capacity && !TryEvictIdle())
            {
                return null;
            }
            int id;
            do
            {
                id = _nextId = _nextId == int.MaxValue ? 1 : _nextId + 1;
            }
            while (_sessions.ContainsKey(id));
            var session = new FetchSession(id) { LastUsedTicks = Environment.TickCount64 };
            _sessions.Add(id, session);
            return session;
        }
    }

    public FetchSession? Find(int id)
    {
        lock (_lock)
        {
            if (_sessions.TryGetValue(id, out var session))
            {
                session.LastUsedTicks = Environment.TickCount64;
            }
            return session;
        }
    }

    public void Remove(int id)
    {
        lock (_lock)
        {
            _sessions.Remove(id);
        }
    }

    private bool TryEvictIdle()
    {
        FetchSession? oldest = null;
        foreach (var session in _sessions.Values)
        {
            if (oldest is null || session.LastUsedTicks < oldest.LastUsedTicks)
            {
                oldest = session;
            }
        }
        if (oldest is null || Environment.TickCount64 - oldest.LastUsedTicks < (long)_evictionAge.TotalMilliseconds)
        {
            return false;
        }
        _sessions.Remove(oldest.Id);
        return true;
    }
}
