using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>Adding partitions (and consumer-offset partitions) to transactions, and checking that they were added.</summary>
public sealed partial class TransactionCoordinator
{
    /// <summary>
    /// AddPartitionsToTxn / AddOffsetsToTxn: adds the partitions to the producer's transaction, starting one if none
    /// is open. Errors as Kafka's: INVALID_PRODUCER_ID_MAPPING (unknown id, other producer id), PRODUCER_FENCED (other
    /// epoch), CONCURRENT_TRANSACTIONS (the transaction is ending). <paramref name="clientTransactionVersion"/> is 2 for
    /// AddPartitionsToTxn v5, which only transaction-version-2 producers cause.
    /// </summary>
    public async Task<ErrorCode> AddPartitionsAsync(string? transactionalId, long producerId, short producerEpoch,
        IReadOnlyCollection<TopicPartition> partitions, short clientTransactionVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (string.IsNullOrEmpty(transactionalId))
        {
            return ErrorCode.InvalidRequest;
        }
        var error = TryGetShard(transactionalId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        TransactionMetadata? metadata;
        TransactionTransit transit;
        lock (shard.Lock)
        {
            if (!shard.Transactions.TryGetValue(transactionalId, out metadata) || metadata.ProducerId != producerId)
            {
                return ErrorCode.InvalidProducerIdMapping;
            }
            if (metadata.ProducerEpoch != producerEpoch)
            {
                return ErrorCode.ProducerFenced;
            }
            if (metadata.HasPendingTransition || metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
            {
                return ErrorCode.ConcurrentTransactions;
            }
            if (metadata.State == TransactionState.Ongoing && metadata.Partitions.IsSupersetOf(partitions))
            {
                return ErrorCode.None; // nothing new to write
            }
            transit = metadata.PrepareAddPartitions(partitions, NowMs, clientTransactionVersion);
        }
        error = await AppendAsync(shard, transactionalId, transit).ConfigureAwait(false);
        lock (shard.Lock)
        {
            if (error != ErrorCode.None)
            {
                if (metadata.PendingState == transit.State)
                {
                    metadata.PendingState = null;
                }
                return error;
            }
            metadata.Complete(transit);
            return ErrorCode.None;
        }
    }

    /// <summary>
    /// AddPartitionsToTxn v4+ with verifyOnly: per partition NONE when it is in the producer's transaction and
    /// TRANSACTION_ABORTABLE when not; one error for all when the producer itself does not check out.
    /// </summary>
    public IReadOnlyDictionary<TopicPartition, ErrorCode> VerifyPartitions(string? transactionalId, long producerId, short producerEpoch,
        IReadOnlyCollection<TopicPartition> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var results = new Dictionary<TopicPartition, ErrorCode>(partitions.Count);
        foreach (var partition in partitions)
        {
            results[partition] = string.IsNullOrEmpty(transactionalId)
                ? ErrorCode.InvalidRequest
                : CheckPartitionInTransaction(transactionalId, producerId, producerEpoch, partition);
        }
        return results;
    }

    /// <summary>Kafka's verification of one partition, with the coordinator's codes (before the produce path maps them).</summary>
    private ErrorCode CheckPartitionInTransaction(string transactionalId, long producerId, short producerEpoch, TopicPartition partition)
    {
        var error = TryGetShard(transactionalId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        lock (shard.Lock)
        {
            if (!shard.Transactions.TryGetValue(transactionalId, out var metadata) || metadata.ProducerId != producerId)
            {
                return ErrorCode.InvalidProducerIdMapping;
            }
            if (metadata.ProducerEpoch != producerEpoch)
            {
                return ErrorCode.ProducerFenced;
            }
            if (metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
            {
                return ErrorCode.ConcurrentTransactions;
            }
            return metadata.Partitions.Contains(partition) ? ErrorCode.None : ErrorCode.TransactionAbortable;
        }
    }
}
