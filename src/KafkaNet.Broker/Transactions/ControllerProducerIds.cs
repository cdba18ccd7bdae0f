using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// Producer ids of a broker in a cluster: blocks handed out by the controller (AllocateProducerIds), so no two brokers
/// hand out the same id. The next block is asked for once 90% of the current one is used, as Kafka's broker does, so
/// a busy broker rarely waits; while no block is at hand <see cref="TryGenerate"/> fails and the request is retried.
/// </summary>
internal sealed class ControllerProducerIds
{
    private readonly Func<CancellationToken, Task<(ErrorCode Error, long Start, int Length)>> _allocate;
    private readonly CancellationToken _stopping;
    private readonly Lock _lock = new();
    private long _next;
    private long _end;
    private long _prefetchAt;
    private (long Start, long End)? _prefetched;
    private bool _fetching;

    public ControllerProducerIds(Func<CancellationToken, Task<(ErrorCode Error, long Start, int Length)>> allocate, CancellationToken stopping)
    {
        _allocate = allocate;
        _stopping = stopping;
    }

    /// <summary>The next id of the current block; false (a fetch under way) when no block is at hand.</summary>
    public bool TryGenerate(out long producerId)
    {
        bool fetch;
        bool have;
        lock (_lock)
        {
            if (_next >= _end && _prefetched is { } block)
            {
                (_next, _end) = block;
                _prefetchAt = block.Start + (block.End - block.Start) * 9 / 10;
                _prefetched = null;
            }
            have = _next < _end;
            producerId = have ? _next++ : -1;
            fetch = !_fetching && _prefetched is null && (!have || _next > _prefetchAt);
            _fetching |= fetch;
        }
        if (fetch)
        {
            _ = FetchAsync();
        }
        return have;
    }

    private async Task FetchAsync()
    {
        (long Start, long End)? block = null;
        try
        {
            var (error, start, length) = await _allocate(_stopping).ConfigureAwait(false);
            if (error == ErrorCode.None && start >= 0 && length > 0 && start <= long.MaxValue - length)
            {
                block = (start, start + length);
            }
        }
#pragma warning disable CA1031 // A failed request is asked again at the next id wanted.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        lock (_lock)
        {
            _fetching = false;
            _prefetched = block;
        }
    }
}
