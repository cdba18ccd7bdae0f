using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Embedded;

/// <summary>
/// Faults to inject into the responses of an <see cref="EmbeddedKafka"/>, so a test can drive a
/// real client through its retry paths. Each call queues a fault for the next
/// <c>count</c> requests of one API, counted across all connections in the order the broker
/// starts them; faults for the same API fire in the order they were queued. acks=0 produce
/// requests have no response and are never matched. Safe to call from any thread.
/// </summary>
public sealed class BrokerFaults
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _queued = [];
    private readonly Dictionary<ApiKeys, int> _fired = [];
    private readonly Dictionary<short, IApiHandler> _served;
    private volatile int _queuedCount;

    internal BrokerFaults(IEnumerable<IApiHandler> served) => _served = served.ToDictionary(h => h.ApiKey);

    /// <summary>
    /// The next <paramref name="count"/> requests of <paramref name="apiKey"/> are processed, but
    /// their responses are never sent: the broker closes the connection instead, as a client sees
    /// a response lost with its connection. Requests pipelined behind it on that connection go
    /// unanswered too, processed or not. Clients then reconnect and retry, and the retried request
    /// is served again (without idempotence a retried produce is written twice).
    /// </summary>
    public void DropResponses(ApiKeys apiKey, int count) => Queue(apiKey, count, new Fault(FaultKind.Drop, apiKey, count, TimeSpan.Zero, ErrorCode.None));

    /// <summary>
    /// The next <paramref name="count"/> requests of <paramref name="apiKey"/> are processed at
    /// once and answered <paramref name="delay"/> later. Responses leave a connection in request
    /// order, so those behind a delayed one on the same connection wait for it.
    /// </summary>
    public void DelayResponses(ApiKeys apiKey, int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Queue(apiKey, count, new Fault(FaultKind.Delay, apiKey, count, delay, ErrorCode.None));
    }

    /// <summary>
    /// The next <paramref name="count"/> requests of <paramref name="apiKey"/> are not processed
    /// and are answered with <paramref name="error"/> in every error code field of the response
    /// (each partition, topic, coordinator key or the top level), as Kafka answers a request it
    /// refuses. Supported for Produce, Fetch, ListOffsets, OffsetCommit, TxnOffsetCommit,
    /// AddPartitionsToTxn and FindCoordinator, and for APIs whose response has a top-level error
    /// code in every version the broker serves (InitProducerId, EndTxn, AddOffsetsToTxn,
    /// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, ...).
    /// </summary>
    /// <exception cref="NotSupportedException">The API has no error response to build (Metadata, OffsetFetch...).</exception>
    public void FailRequests(ApiKeys apiKey, int count, ErrorCode error)
    {
        if (error == ErrorCode.None)
        {
            throw new ArgumentException("a failure needs an error code other than NONE", nameof(error));
        }
        if (_served.TryGetValue((short)apiKey, out var handler) && !ErrorResponses.Supports(handler.ApiKey, handler.LowestVersion, handler.HighestVersion))
        {
            throw new NotSupportedException($"{apiKey} responses have no error code this broker can fill");
        }
        Queue(apiKey, count, new Fault(FaultKind.Fail, apiKey, count, TimeSpan.Zero, error));
    }

    /// <summary>Removes every fault not fired yet. What already fired stays counted.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queued.Clear();
            _queuedCount = 0;
        }
    }

    /// <summary>How many requests of <paramref name="apiKey"/> a fault has hit so far.</summary>
    public int Fired(ApiKeys apiKey)
    {
        lock (_gate)
        {
            return _fired.GetValueOrDefault(apiKey);
        }
    }

    /// <summary>How many requests of <paramref name="apiKey"/> queued faults are still waiting for.</summary>
    public int Pending(ApiKeys apiKey)
    {
        lock (_gate)
        {
            int pending = 0;
            foreach (var fault in _queued)
            {
                pending += fault.ApiKey == apiKey ? fault.Remaining : 0;
            }
            return pending;
        }
    }

    /// <summary>Takes the fault for one request of <paramref name="apiKey"/>, if one is queued for it.</summary>
    internal bool TryTake(short apiKey, out Fault fault)
    {
        fault = default;
        if (_queuedCount == 0)
        {
            return false; // the usual case: no lock
        }
        lock (_gate)
        {
            int index = _queued.FindIndex(f => (short)f.ApiKey == apiKey);
            if (index < 0)
            {
                return false;
            }
            fault = _queued[index];
            if (fault.Remaining == 1)
            {
                _queued.RemoveAt(index);
                _queuedCount = _queued.Count;
            }
            else
            {
                _queued[index] = fault with { Remaining = fault.Remaining - 1 };
            }
            _fired[fault.ApiKey] = _fired.GetValueOrDefault(fault.ApiKey) + 1;
            return true;
        }
    }

    private void Queue(ApiKeys apiKey, int count, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!_served.ContainsKey((short)apiKey))
        {
            throw new ArgumentException($"this broker does not serve {apiKey}, so no request of it would ever be hit", nameof(apiKey));
        }
        lock (_gate)
        {
            _queued.Add(fault);
            _queuedCount = _queued.Count;
        }
    }
}
