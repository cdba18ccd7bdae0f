using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// Share-partition state kept in memory by a <see cref="ShareCoordinatorState"/>, with the coordinator's
/// fencing and validation but no log: for units that exercise the share-partition leader alone.
/// </summary>
public sealed class InMemoryShareStatePersister : IShareStatePersister
{
    private readonly Lock _gate = new();
    private readonly ShareCoordinatorState _state = new();

    public Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.Initialize(key, stateEpoch, startOffset).Error);
        }
    }

    public Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.Read(key, leaderEpoch));
        }
    }

    public Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.Write(key, stateEpoch, leaderEpoch, startOffset, stateBatches).Error);
        }
    }

    public Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.Delete(key).Error);
        }
    }

    public Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state.ReadSummary(key));
        }
    }
}
