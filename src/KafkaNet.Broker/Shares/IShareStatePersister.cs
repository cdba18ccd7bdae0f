using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// Where the delivery state of share partitions is kept: the share coordinator, through its
/// __share_group_state partitions. The share-partition leader reads a partition's state when it
/// first serves it and writes it after every change before answering the client.
/// </summary>
public interface IShareStatePersister
{
    /// <summary>InitializeShareGroupState: the partition's state starts at <paramref name="startOffset"/> under <paramref name="stateEpoch"/>.</summary>
    Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken);

    /// <summary>ReadShareGroupState, as the partition's leader at <paramref name="leaderEpoch"/>.</summary>
    Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken);

    /// <summary>WriteShareGroupState: the state batches that changed and the new start offset.</summary>
    Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
        CancellationToken cancellationToken);

    /// <summary>DeleteShareGroupState.</summary>
    Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken);

    /// <summary>ReadShareGroupStateSummary.</summary>
    Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken);
}
