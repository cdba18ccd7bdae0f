namespace KafkaNet.Broker.Network;

/// <summary>
/// The requests of one connection between start and response, oldest first, in a fixed ring:
/// the reader adds at the tail, the responder takes from the head. Both wait on reusable
/// signals, so a request costs no allocation here.
/// </summary>
internal sealed class InFlightQueue
{
    private readonly Lock _gate = new();
    private readonly InFlightRequest[] _ring;
    private int _head;
    private int _count;
    private bool _completed;

    public InFlightQueue(int capacity) => _ring = new InFlightRequest[capacity];

    public int Capacity => _ring.Length;

    /// <summary>Set when a request is added or adding is complete; the responder waits on it.</summary>
    public AsyncSignal Added { get; } = new();

    /// <summary>Set when the head is removed; the reader waits on it.</summary>
    public AsyncSignal Removed { get; } = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Add(in InFlightRequest request)
    {
        lock (_gate)
        {
            if (_count == _ring.Length || _completed)
            {
                throw new InvalidOperationException("no room for another request in flight");
            }
            _ring[(_head + _count) % _ring.Length] = request;
            _count++;
        }
        Added.Set();
    }

    /// <summary>No request will be added any more.</summary>
    public void CompleteAdding()
    {
        lock (_gate)
        {
            _completed = true;
        }
        Added.Set();
    }

    /// <summary>The oldest request, if any; <paramref name="completed"/> says whether more can come.</summary>
    public bool TryPeek(out InFlightRequest request, out bool completed)
    {
        lock (_gate)
        {
            completed = _completed;
            request = _count > 0 ? _ring[_head] : default;
            return _count > 0;
        }
    }

    public void RemoveHead()
    {
        lock (_gate)
        {
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _count--;
        }
        Removed.Set();
    }
}
