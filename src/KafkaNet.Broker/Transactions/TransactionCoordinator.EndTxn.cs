using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>Ending transactions: EndTxn, fencing aborts, and the markers that complete them.</summary>
public sealed partial class TransactionCoordinator
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// EndTxn: writes PrepareCommit or PrepareAbort and answers once it is durable; the markers and the Complete
    /// record follow in the background (requests for the id get CONCURRENT_TRANSACTIONS meanwhile). With
    /// <paramref name="clientTransactionVersion"/> 2 (EndTxn v5, KIP-890) the epoch is bumped and the answer carries
    /// the producer id and epoch of the next transaction.
    /// </summary>
    public async Task<EndTxnResult> EndTransactionAsync(string? transactionalId, long producerId, short producerEpoch, bool commit, short clientTransactionVersion)
    {
        if (string.IsNullOrEmpty(transactionalId))
        {
            return EndTxnResult.Failed(ErrorCode.InvalidRequest);
        }
        var error = TryGetShard(transactionalId, out var shard);
        if (error != ErrorCode.None)
        {
            return EndTxnResult.Failed(error);
        }
        EndPlan plan;
        lock (shard.Lock)
        {
            if (!shard.Transactions.TryGetValue(transactionalId, out var metadata))
            {
                return EndTxnResult.Failed(ErrorCode.InvalidProducerIdMapping);
            }
            if (PrepareEnd(metadata, producerId, producerEpoch, commit, fromClient: true, clientTransactionVersion, out plan) is { } answer)
            {
                return answer;
            }
        }
        return await FinishEndAsync(shard, plan).ConfigureAwait(false);
    }

    /// <summary>
    /// Kafka's checks of an EndTxn (from the client, or the coordinator's own abort). Null with a plan to write, or
    /// the answer: an error, or NONE for a retry of an end already complete. Call under the shard's lock.
    /// </summary>
    private EndTxnResult? PrepareEnd(TransactionMetadata metadata, long producerId, short producerEpoch, bool commit, bool fromClient,
        short clientTransactionVersion, out EndPlan plan)
    {
        plan = default;
        bool fencing = metadata.PendingState == TransactionState.PrepareEpochFence;
        bool version2 = !fencing && metadata.UsesTransactionVersion2;
        // With version 2 the epoch moved at the last end: a retry of it arrives with the epoch before.
        bool retryAfterBump = version2 && metadata.ProducerEpoch == producerEpoch + 1;
        bool retryAfterOverflow = version2 && metadata.PreviousProducerId == producerId && producerEpoch == short.MaxValue - 1 && metadata.ProducerEpoch == 0;
        bool validEpoch = version2
            ? metadata.State switch
            {
                TransactionState.PrepareCommit or TransactionState.PrepareAbort => retryAfterBump,
                TransactionState.CompleteCommit or TransactionState.CompleteAbort => retryAfterBump || retryAfterOverflow,
                _ => producerEpoch == metadata.ProducerEpoch,
            }
            : (!fromClient || producerEpoch == metadata.ProducerEpoch) && producerEpoch >= metadata.ProducerEpoch;
        if (metadata.ProducerId != producerId && !retryAfterOverflow)
        {
            return EndTxnResult.Failed(ErrorCode.InvalidProducerIdMapping);
        }
        if (!validEpoch)
        {
            return EndTxnResult.Failed(ErrorCode.ProducerFenced);
        }
        if (metadata.HasPendingTransition && !fencing)
        {
            return EndTxnResult.Failed(ErrorCode.ConcurrentTransactions);
        }
        switch (metadata.State)
        {
            case TransactionState.Ongoing:
                long nextProducerId = TransactionMetadata.NoProducerId;
                if (clientTransactionVersion >= TransactionMetadata.TransactionVersion2 && !fencing && metadata.IsEpochExhausted())
                {
                    var idError = TryGenerateProducerId(out nextProducerId);
                    if (idError != ErrorCode.None)
                    {
                        return EndTxnResult.Failed(idError);
                    }
                }
                bool epochFence = false;
                if (!commit && fencing)
                {
                    // The fence's bump takes effect now; the abort record carries it.
                    epochFence = true;
                    metadata.PendingState = null;
                    metadata.ProducerEpoch = producerEpoch;
                    metadata.LastProducerEpoch = TransactionMetadata.NoProducerEpoch;
                }
                var next = commit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
                plan = new EndPlan(metadata, metadata.PrepareEnd(next, clientTransactionVersion, nextProducerId, NowMs), epochFence);
                return null;
            case TransactionState.CompleteCommit when commit:
            case TransactionState.CompleteAbort when !commit:
                return new EndTxnResult(ErrorCode.None, metadata.ProducerId, metadata.ProducerEpoch);
            case TransactionState.PrepareCommit when commit:
            case TransactionState.PrepareAbort when !commit:
                return EndTxnResult.Failed(ErrorCode.ConcurrentTransactions);
            case TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort
                or TransactionState.PrepareCommit or TransactionState.PrepareAbort:
                return EndTxnResult.Failed(ErrorCode.InvalidTxnState);
            default:
                // Dead and PrepareEpochFence are never a current state.
                return EndTxnResult.Failed(ErrorCode.UnknownServerError);
        }
    }

    /// <summary>
    /// Fences the producer of an Ongoing transaction (epoch + 1) and prepares its abort, in one step under the shard's
    /// lock so no client request slips between them. Used by InitProducerId and the timeout.
    /// </summary>
    private ErrorCode PrepareFenceAndAbort(TransactionMetadata metadata, out EndPlan plan)
    {
        var fence = metadata.PrepareFenceEpoch();
        var answer = PrepareEnd(metadata, fence.ProducerId, fence.ProducerEpoch, commit: false, fromClient: false, clientTransactionVersion: 0, out plan);
        if (answer is { } refused)
        {
            metadata.PendingState = null;
            return refused.Error;
        }
        return ErrorCode.None;
    }

    /// <summary>Writes the Prepare record, then starts the markers; answers with the producer id and epoch of the next transaction.</summary>
    private async Task<EndTxnResult> FinishEndAsync(TransactionShard shard, EndPlan plan)
    {
        var metadata = plan.Metadata;
        var error = await AppendAsync(shard, metadata.TransactionalId, plan.Transit).ConfigureAwait(false);
        lock (shard.Lock)
        {
            if (error != ErrorCode.None)
            {
                if (metadata.PendingState == plan.Transit.State)
                {
                    metadata.PendingState = null;
                }
                if (plan.IsEpochFence)
                {
                    // The bumped epoch was never written nor returned: the next fence must not bump again.
                    metadata.HasFailedEpochFence = true;
                }
                return EndTxnResult.Failed(error);
            }
            metadata.Complete(plan.Transit);
            var complete = metadata.PrepareComplete(NowMs);
            StartCompletion(shard, metadata, complete);
            return new EndTxnResult(ErrorCode.None, complete.ProducerId, complete.ProducerEpoch);
        }
    }

    /// <summary>Starts writing the markers of a transaction in PrepareCommit/PrepareAbort. Call under the shard's lock.</summary>
    private void StartCompletion(TransactionShard shard, TransactionMetadata metadata, TransactionTransit complete)
    {
        var marker = new PendingMarkers(metadata.Partitions.ToList(), metadata.ProducerId, metadata.ProducerEpoch, shard.CoordinatorEpoch,
            complete.State == TransactionState.CompleteCommit);
        _ = Task.Run(async () =>
        {
            try
            {
                await CompleteAsync(shard, metadata, complete, marker).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The coordinator stopped: the Prepare record stays, and the next load completes the transaction.
            }
        });
    }

    /// <summary>Writes every marker (retrying those that fail), then the Complete record.</summary>
    private async Task CompleteAsync(TransactionShard shard, TransactionMetadata metadata, TransactionTransit complete, PendingMarkers marker)
    {
        var token = _stopping.Token;
        var delay = FirstRetryDelay;
        var remaining = marker.Partitions;
        while (remaining.Count > 0)
        {
            if (shard.IsClosed)
            {
                return; // unloaded: the partition's new leader completes the transaction when it loads
            }
            var results = await WriteMarkersAsync(remaining, marker, token).ConfigureAwait(false);
            var retry = new List<TopicPartition>();
            lock (shard.Lock)
            {
                for (int i = 0; i < remaining.Count; i++)
                {
                    if (IsMarkerSettled(metadata.TransactionalId, remaining[i], results[i]))
                    {
                        metadata.Partitions.Remove(remaining[i]);
                    }
                    else
                    {
                        retry.Add(remaining[i]);
                    }
                }
            }
            remaining = retry;
            if (remaining.Count > 0)
            {
                await Task.Delay(delay, _time, token).ConfigureAwait(false);
                delay = Next(delay);
            }
        }
        while (!shard.IsClosed)
        {
            token.ThrowIfCancellationRequested();
            var error = await AppendAsync(shard, metadata.TransactionalId, complete).ConfigureAwait(false);
            if (error == ErrorCode.None)
            {
                lock (shard.Lock)
                {
                    if (metadata.PendingState == complete.State)
                    {
                        metadata.Complete(complete);
                    }
                }
                return;
            }
            if (error == ErrorCode.NotCoordinator)
            {
                return; // stopping: the next load completes it
            }
            TransactionCoordinatorLog.CompletionRetry(_logger, metadata.TransactionalId, error.ToString());
            await Task.Delay(delay, _time, token).ConfigureAwait(false);
            delay = Next(delay);
        }
    }

    /// <summary>One attempt at every remaining marker: through the test writer when one is set, else to each partition's leader.</summary>
    private async Task<ErrorCode[]> WriteMarkersAsync(List<TopicPartition> partitions, PendingMarkers marker, CancellationToken token)
    {
        if (_writeMarker is null)
        {
            try
            {
                return await _markers.WriteAsync(partitions, marker.ProducerId, marker.ProducerEpoch, marker.CoordinatorEpoch, marker.Commit, token)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return [.. partitions.Select(_ => ErrorCode.UnknownServerError)];
            }
        }
        return await Task.WhenAll(partitions.Select(p => WriteMarkerSafelyAsync(_writeMarker, p, marker))).ConfigureAwait(false);
    }

    private static async Task<ErrorCode> WriteMarkerSafelyAsync(MarkerWrite write, TopicPartition partition, PendingMarkers marker)
    {
        try
        {
            return await write(partition, marker.ProducerId, marker.ProducerEpoch, marker.CoordinatorEpoch, marker.Commit).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A writer that throws is retried like one that reports an unexpected error.
        catch (Exception)
        {
            return ErrorCode.UnknownServerError;
        }
#pragma warning restore CA1031
    }

    /// <summary>Whether a partition needs no more attempts, as Kafka's marker handler decides.</summary>
    private bool IsMarkerSettled(string transactionalId, TopicPartition partition, ErrorCode error)
    {
        switch (error)
        {
            case ErrorCode.None:
            // The partition was deleted, or cannot hold markers: the producer could not have written there either.
            case ErrorCode.UnknownTopicOrPartition:
            case ErrorCode.UnsupportedForMessageFormat:
            case ErrorCode.UnsupportedVersion:
                return true;
            case ErrorCode.InvalidProducerEpoch:
            case ErrorCode.TransactionCoordinatorFenced:
                // Kafka stops sending this transaction's markers; completing it instead keeps the id usable.
                TransactionCoordinatorLog.MarkerRefused(_logger, transactionalId, partition.Topic, partition.Partition, error.ToString());
                return true;
            default:
                TransactionCoordinatorLog.MarkerRetry(_logger, transactionalId, partition.Topic, partition.Partition, error.ToString());
                return false;
        }
    }

    private static TimeSpan Next(TimeSpan delay) => delay * 2 > LastRetryDelay ? LastRetryDelay : delay * 2;

    /// <summary>An end to write: the Prepare transit, and whether it carries a fencing bump.</summary>
    private readonly record struct EndPlan(TransactionMetadata Metadata, TransactionTransit Transit, bool IsEpochFence);

    /// <summary>The markers of one transaction: the partitions, and the producer id, epochs and result they carry.</summary>
    private sealed record PendingMarkers(List<TopicPartition> Partitions, long ProducerId, short ProducerEpoch, int CoordinatorEpoch, bool Commit);
}
