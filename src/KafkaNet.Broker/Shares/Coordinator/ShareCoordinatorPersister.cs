using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// The share-partition leader's persister when share groups are enabled: calls go in-process to this broker's
/// <see cref="ShareCoordinator"/>, creating __share_group_state on first need. A share-partition whose state partition
/// another broker leads is not served yet (the RPC would have to go to that broker): its calls answer NOT_COORDINATOR.
/// </summary>
public sealed class ShareCoordinatorPersister(KafkaBroker broker) : IShareStatePersister
{
    public async Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken) =>
        Located(key) is { } error ? error
        : await Coordinator.InitializeAsync(key, stateEpoch, startOffset).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken) =>
        Located(key) is { } error ? new ShareStateReadResult(error, null, [])
        : await Coordinator.ReadAsync(key, leaderEpoch).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
        CancellationToken cancellationToken) =>
        Located(key) is { } error ? error
        : await Coordinator.WriteAsync(key, stateEpoch, leaderEpoch, startOffset, stateBatches).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken) =>
        Located(key) is { } error ? error
        : await Coordinator.DeleteAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);

    public async Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken) =>
        Located(key) is { } error ? new ShareStateSummary(error, 0, ShareCoordinatorState.UninitializedStartOffset, -1)
        : await Coordinator.ReadSummaryAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);

    private ShareCoordinator Coordinator => broker.ShareCoordinator ?? throw new InvalidOperationException("Share groups are not enabled.");

    /// <summary>
    /// Null when this broker keeps the share-partition's state; otherwise the error the call gets. Finding the coordinator
    /// is what creates __share_group_state, as a FindCoordinator of the share-partition leader would.
    /// </summary>
    private ErrorCode? Located(SharePartitionKey key)
    {
        if (!ShareCoordinator.NamesSharePartition(key))
        {
            return null; // the coordinator answers INVALID_REQUEST
        }
        if (!broker.Cluster.FollowsImage)
        {
            var local = Coordinator.EnsureCoordinator(key);
            return local == ErrorCode.None ? null : local;
        }
        var error = Coordinator.FindCoordinator(ShareCoordinatorPartitioner.CoordinatorKey(key), broker.Controller, broker.Cluster.Brokers.Count, out int leaderId);
        return error != ErrorCode.None ? error : leaderId == broker.Options.NodeId ? null : ErrorCode.NotCoordinator;
    }
}
