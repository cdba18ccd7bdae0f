using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares;

/// <summary>
/// The answer to a state-changing call of <see cref="ShareCoordinatorState"/>: an error code, and the records
/// to append to <c>__share_group_state</c> (none on error). The state already reflects them.
/// </summary>
public sealed record ShareStateWriteResult(ErrorCode Error, IReadOnlyList<ShareStateRecord> Records)
{
    public static ShareStateWriteResult Failed(ErrorCode error) => new(error, []);
}

/// <summary>
/// The answer to ReadShareGroupState: the merged state (start offset -1 and state epoch 0 for a share-partition
/// with no state yet), and the records to append when the read raised the stored leader epoch.
/// </summary>
public sealed record ShareStateReadResult(ErrorCode Error, SharePartitionSnapshot? State, IReadOnlyList<ShareStateRecord> Records);

/// <summary>
/// The answer to ReadShareGroupStateSummary: start offset and state epoch, -1 and 0 with no state yet, and how many
/// offsets at or after the start offset are acknowledged or archived (KIP-1226's delivery-complete count; -1 unknown).
/// </summary>
public sealed record ShareStateSummary(ErrorCode Error, int StateEpoch, long StartOffset, int LeaderEpoch, int DeliveryCompleteCount = -1);
