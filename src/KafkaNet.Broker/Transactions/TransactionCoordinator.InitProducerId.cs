using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>InitProducerId: producer ids for idempotent producers, epochs and fencing for transactional ones.</summary>
public sealed partial class TransactionCoordinator
{
    /// <summary>
    /// InitProducerId. Without a transactional id: a new producer id at epoch 0, every time. With one: the id's
    /// producer id with its epoch bumped (a new producer id once the epochs run out), fencing older producers; an
    /// ongoing transaction is aborted first and the answer is CONCURRENT_TRANSACTIONS until that abort completes.
    /// <paramref name="producerId"/> and <paramref name="producerEpoch"/> (v3+, both or neither -1) are the ones the
    /// producer last had, for KIP-360 recovery: a producer holding anything else is PRODUCER_FENCED.
    /// </summary>
    public async Task<InitProducerIdResult> InitProducerIdAsync(string? transactionalId, int transactionTimeoutMs, long producerId = -1, short producerEpoch = -1)
    {
        if (transactionalId is null)
        {
            var idError = TryGenerateProducerId(out long newProducerId);
            return idError == ErrorCode.None ? new InitProducerIdResult(ErrorCode.None, newProducerId, 0) : InitProducerIdResult.Failed(idError);
        }
        if (transactionalId.Length == 0)
        {
            return InitProducerIdResult.Failed(ErrorCode.InvalidRequest);
        }
        if (transactionTimeoutMs <= 0 || transactionTimeoutMs > Options.TransactionMaxTimeoutMs)
        {
            return InitProducerIdResult.Failed(ErrorCode.InvalidTransactionTimeout);
        }
        var error = TryGetShard(transactionalId, out var shard);
        if (error != ErrorCode.None)
        {
            return InitProducerIdResult.Failed(error);
        }
        (long Id, short Epoch)? expected = producerId == -1 && producerEpoch == -1 ? null : (producerId, producerEpoch);
        TransactionMetadata metadata;
        TransactionTransit? transit;
        EndPlan abort;
        lock (shard.Lock)
        {
            if (!shard.Transactions.TryGetValue(transactionalId, out metadata!))
            {
                error = TryGenerateProducerId(out long newProducerId);
                if (error != ErrorCode.None)
                {
                    return InitProducerIdResult.Failed(error);
                }
                metadata = new TransactionMetadata(transactionalId, newProducerId, transactionTimeoutMs, NowMs);
                shard.Transactions[transactionalId] = metadata;
            }
            error = PrepareInit(metadata, transactionTimeoutMs, expected, out transit, out abort);
            if (error != ErrorCode.None)
            {
                return InitProducerIdResult.Failed(error);
            }
        }
        if (transit is null)
        {
            // An ongoing transaction is being aborted: the producer retries until it is complete.
            var ended = await FinishEndAsync(shard, abort).ConfigureAwait(false);
            return InitProducerIdResult.Failed(ended.Error != ErrorCode.None ? ended.Error : ErrorCode.ConcurrentTransactions);
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
                return InitProducerIdResult.Failed(error);
            }
            metadata.Complete(transit);
            return new InitProducerIdResult(ErrorCode.None, metadata.ProducerId, metadata.ProducerEpoch);
        }
    }

    /// <summary>
    /// Kafka's checks of an InitProducerId with a transactional id. NONE with either a transit to Empty to write, or
    /// (transit null) the abort of an ongoing transaction. Call under the shard's lock.
    /// </summary>
    private ErrorCode PrepareInit(TransactionMetadata metadata, int timeoutMs, (long Id, short Epoch)? expected, out TransactionTransit? transit, out EndPlan abort)
    {
        transit = null;
        abort = default;
        if (metadata.HasPendingTransition)
        {
            return ErrorCode.ConcurrentTransactions;
        }
        // A producer may recover (KIP-360) when the id was just created, when it holds the current producer id, or when
        // it holds the previous one with an exhausted epoch (a retry of a rotation whose answer was lost).
        if (expected is { } claim && !(metadata.ProducerEpoch == TransactionMetadata.NoProducerEpoch || claim.Id == metadata.ProducerId
            || (claim.Id == metadata.PreviousProducerId && TransactionMetadata.IsEpochExhausted(claim.Epoch))))
        {
            return ErrorCode.ProducerFenced;
        }
        switch (metadata.State)
        {
            case TransactionState.PrepareCommit or TransactionState.PrepareAbort:
                return ErrorCode.ConcurrentTransactions;
            case TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort:
                if (metadata.IsEpochExhausted() && (expected is null || expected.Value.Epoch == metadata.ProducerEpoch))
                {
                    var error = TryGenerateProducerId(out long rotated);
                    if (error == ErrorCode.None)
                    {
                        transit = metadata.PrepareProducerIdRotation(rotated, timeoutMs, NowMs, keepLastEpoch: expected is not null);
                    }
                    return error;
                }
                transit = metadata.PrepareIncrementEpoch(timeoutMs, expected?.Epoch, NowMs, out var fenced);
                return fenced;
            case TransactionState.Ongoing:
                // The fencing epoch is never returned: the retry bumps again, rotating the producer id if that exhausts it.
                return PrepareFenceAndAbort(metadata, out abort);
            default:
                // Dead and PrepareEpochFence are never a current state.
                return ErrorCode.UnknownServerError;
        }
    }
}
