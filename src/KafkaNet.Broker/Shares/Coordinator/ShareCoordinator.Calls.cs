using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// The share coordinator's calls, one share-partition each, as the state RPCs and the local persister make them. A call
/// is applied to the shard's state under its lock and its records appended in the same step; the answer waits until the
/// records are replicated. A write that fails reloads the shard from its log, so the state never holds what was not written.
/// </summary>
public sealed partial class ShareCoordinator
{
    /// <summary>InitializeShareGroupState for one share-partition.</summary>
    public Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset) =>
        RunAsync(key, state => state.Initialize(key, stateEpoch, startOffset), r => r.Records, r => r.Error, error => error);

    /// <summary>ReadShareGroupState for one share-partition, as its leader at <paramref name="leaderEpoch"/>.</summary>
    public Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch) =>
        RunAsync(key, state => state.Read(key, leaderEpoch), r => r.Records, r => r, error => new ShareStateReadResult(error, null, []));

    /// <summary>WriteShareGroupState for one share-partition.</summary>
    public Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches) =>
        RunAsync(key, state => state.Write(key, stateEpoch, leaderEpoch, startOffset, stateBatches), r => r.Records, r => r.Error, error => error);

    /// <summary>DeleteShareGroupState for one share-partition.</summary>
    public Task<ErrorCode> DeleteAsync(SharePartitionKey key) =>
        RunAsync(key, state => state.Delete(key), r => r.Records, r => r.Error, error => error);

    /// <summary>ReadShareGroupStateSummary for one share-partition; it writes nothing.</summary>
    public Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key) =>
        RunAsync(key, state => state.ReadSummary(key), _ => [], r => r, error => new ShareStateSummary(error, 0, ShareCoordinatorState.UninitializedStartOffset, -1));

    /// <summary>Whether the key names a share-partition: a group id, a topic id and a partition of at least 0.</summary>
    internal static bool NamesSharePartition(SharePartitionKey key) =>
        !string.IsNullOrEmpty(key.GroupId) && key.TopicId != Guid.Empty && key.Partition >= 0;

    private async Task<TAnswer> RunAsync<TResult, TAnswer>(SharePartitionKey key, Func<ShareCoordinatorState, TResult> call,
        Func<TResult, IReadOnlyList<ShareStateRecord>> records, Func<TResult, TAnswer> answer, Func<ErrorCode, TAnswer> failed)
    {
        // A key that names no share-partition is refused before any coordinator is looked for, as Kafka does.
        if (!NamesSharePartition(key))
        {
            return failed(ErrorCode.InvalidRequest);
        }
        var error = TryGetShard(key, out var shard);
        if (error != ErrorCode.None)
        {
            return failed(error);
        }
        TResult result;
        Task<ErrorCode> write;
        lock (shard.Lock)
        {
            if (!shard.IsLoaded)
            {
                return failed(ErrorCode.NotCoordinator); // unloaded since it was found
            }
            result = call(shard.State);
            write = shard.Append(records(result));
        }
        var written = await write.ConfigureAwait(false);
        if (written == ErrorCode.None)
        {
            return answer(result);
        }
        shard.Reload();
        return failed(written);
    }
}
