using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// The share-partition leader's persister when share groups are enabled: calls go in-process to this broker's
/// <see cref="ShareCoordinator"/>, creating __share_group_state on first need. A share-partition whose state partition
/// another broker leads is not served yet (the RPC would have to go to that broker): its calls answer NOT_COORDINATOR,
/// after the retries every coordinator error gets.
/// </summary>
public sealed class ShareCoordinatorPersister(KafkaBroker broker) : IShareStatePersister
{
    // As Kafka's persister, calls that meet a coordinator still being created, loaded or moved are retried with backoff
    // for a bounded time before the error goes to the share-partition leader.
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);

    public Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken) =>
        RetryingAsync(() => Located(key) is { } error ? Task.FromResult(error) : Coordinator.InitializeAsync(key, stateEpoch, startOffset), e => e, cancellationToken);

    public Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken) =>
        RetryingAsync(() => Located(key) is { } error ? Task.FromResult(new ShareStateReadResult(error, null, [])) : Coordinator.ReadAsync(key, leaderEpoch),
            r => r.Error, cancellationToken);

    public Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
        CancellationToken cancellationToken) =>
        RetryingAsync(() => Located(key) is { } error ? Task.FromResult(error) : Coordinator.WriteAsync(key, stateEpoch, leaderEpoch, startOffset, stateBatches),
            e => e, cancellationToken);

    public Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken) =>
        RetryingAsync(() => Located(key) is { } error ? Task.FromResult(error) : Coordinator.DeleteAsync(key), e => e, cancellationToken);

    public Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken) =>
        RetryingAsync(() => Located(key) is { } error ? Task.FromResult(new ShareStateSummary(error, 0, ShareCoordinatorState.UninitializedStartOffset, -1))
            : Coordinator.ReadSummaryAsync(key), s => s.Error, cancellationToken);

    private static async Task<T> RetryingAsync<T>(Func<Task<T>> call, Func<T, ErrorCode> errorOf, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)RetryFor.TotalMilliseconds;
        var backoff = FirstBackoff;
        while (true)
        {
            var result = await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!IsRetriable(errorOf(result)) || Environment.TickCount64 + backoff.TotalMilliseconds > deadline)
            {
                return result;
            }
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static bool IsRetriable(ErrorCode error) =>
        error is ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress or ErrorCode.NotCoordinator;

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
