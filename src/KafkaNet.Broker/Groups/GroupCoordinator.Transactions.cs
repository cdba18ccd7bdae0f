using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

/// <summary>Offsets committed inside transactions (TxnOffsetCommit), made visible or dropped by the transaction's marker.</summary>
public sealed partial class GroupCoordinator
{
    /// <summary>
    /// TxnOffsetCommit: checks the member as Kafka does for transactional commits (a group that does not exist is
    /// created as a simple group for generation -1, ILLEGAL_GENERATION otherwise; UNKNOWN_MEMBER_ID,
    /// FENCED_INSTANCE_ID, ILLEGAL_GENERATION, also for a KIP-848 member's stale epoch), then writes the offsets
    /// that pass as one transactional batch of <paramref name="producerId"/>. They stay pending, unseen by
    /// OffsetFetch, until <see cref="CompleteTransactionAsync"/> commits or aborts them. Returns the error for the
    /// whole request or, when it is NONE, one error per entry.
    /// </summary>
    public async Task<(ErrorCode GroupError, ErrorCode[] Errors)> CommitTransactionalOffsetsAsync(string groupId, long producerId, short producerEpoch,
        string memberId, string? groupInstanceId, int generationId, IReadOnlyList<OffsetCommitEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return await WriteOffsetsAsync(groupId, entries.Count,
            shard => _offsets.CommitTransactional(shard, groupId, producerId, producerEpoch, memberId, groupInstanceId, generationId, entries)).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the transaction marker of <paramref name="producerId"/> to partition <paramref name="offsetsPartition"/>
    /// of __consumer_offsets and applies it: on commit the producer's pending offsets there become committed, on abort
    /// they are dropped. Called by the transaction coordinator when a transaction that sent offsets ends.
    /// NOT_COORDINATOR when this broker has no such partition, COORDINATOR_LOAD_IN_PROGRESS while it loads;
    /// the log's refusal as Kafka's code (TRANSACTION_COORDINATOR_FENCED, INVALID_PRODUCER_EPOCH).
    /// </summary>
    public async Task<ErrorCode> CompleteTransactionAsync(int offsetsPartition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit)
    {
        var error = TryGetShard(offsetsPartition, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        Task<LogAppendInfo> write;
        lock (shard.Lock)
        {
            if (!shard.IsLoaded)
            {
                return _disposed ? ErrorCode.NotCoordinator : ErrorCode.CoordinatorLoadInProgress;
            }
            // Under the lock: the marker lands after every offset record written before it, as loading will see them.
            write = shard.AppendMarker(producerId, producerEpoch, coordinatorEpoch, commit);
            if (write.IsFaulted)
            {
                return CoordinatorShard.ErrorOf(write.Exception);
            }
            OffsetCommitter.CompleteTransaction(shard, producerId, commit);
        }
        return await CoordinatorShard.OutcomeOf(write).ConfigureAwait(false);
    }

    /// <summary>The shard of a partition of __consumer_offsets, for the transaction coordinator's markers.</summary>
    private ErrorCode TryGetShard(int offsetsPartition, out CoordinatorShard shard)
    {
        shard = null!;
        var shards = _shards;
        if (_disposed || shards is null || offsetsPartition < 0 || offsetsPartition >= shards.Length)
        {
            return ErrorCode.NotCoordinator;
        }
        if (shards[offsetsPartition] is not { } found)
        {
            return ErrorCode.NotCoordinator;
        }
        shard = found;
        return shard.IsLoaded ? ErrorCode.None : ErrorCode.CoordinatorLoadInProgress;
    }
}
