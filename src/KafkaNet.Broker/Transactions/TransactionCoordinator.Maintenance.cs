using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>Loading the shards, aborting transactions past their timeout, removing expired transactional ids.</summary>
public sealed partial class TransactionCoordinator
{
    /// <summary>
    /// One pass of transaction.abort.timed.out.transaction.cleanup.interval.ms: every Ongoing transaction older than
    /// its timeout is aborted with a bumped epoch, so its producer is fenced (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH).
    /// </summary>
    internal void AbortTimedOutTransactions()
    {
        long now = NowMs;
        foreach (var shard in _shards ?? [])
        {
            if (shard is null || !shard.IsLoaded)
            {
                continue;
            }
            var plans = new List<EndPlan>();
            lock (shard.Lock)
            {
                foreach (var metadata in shard.Transactions.Values)
                {
                    if (metadata.HasPendingTransition || metadata.State != TransactionState.Ongoing || metadata.StartTimestamp + metadata.TimeoutMs >= now)
                    {
                        continue;
                    }
                    if (PrepareFenceAndAbort(metadata, out var plan) == ErrorCode.None)
                    {
                        plans.Add(plan);
                    }
                }
            }
            foreach (var plan in plans)
            {
                TransactionCoordinatorLog.AbortingTimedOut(_logger, plan.Metadata.TransactionalId, plan.Metadata.ProducerId, plan.Transit.ProducerEpoch);
                _ = FinishEndAsync(shard, plan);
            }
        }
    }

    /// <summary>
    /// One pass of transaction.remove.expired.transaction.cleanup.interval.ms: transactional ids with no open
    /// transaction and no update for transactional.id.expiration.ms are removed with a tombstone.
    /// </summary>
    internal async Task RemoveExpiredTransactionalIdsAsync()
    {
        long now = NowMs;
        foreach (var shard in _shards ?? [])
        {
            if (shard is null || !shard.IsLoaded)
            {
                continue;
            }
            var expired = new List<(string TransactionalId, TransactionTransit? Transit)>();
            lock (shard.Lock)
            {
                foreach (var metadata in shard.Transactions.Values)
                {
                    if (!metadata.HasPendingTransition && TransactionStates.AllowsExpiration(metadata.State)
                        && metadata.LastUpdateTimestamp <= now - Options.TransactionalIdExpirationMs)
                    {
                        metadata.PrepareDead();
                        expired.Add((metadata.TransactionalId, null));
                    }
                }
            }
            if (expired.Count == 0)
            {
                continue;
            }
            var error = await shard.AppendAsync(expired, now).ConfigureAwait(false);
            lock (shard.Lock)
            {
                foreach (var (transactionalId, _) in expired)
                {
                    if (!shard.Transactions.TryGetValue(transactionalId, out var metadata) || metadata.PendingState != TransactionState.Dead)
                    {
                        continue;
                    }
                    if (error == ErrorCode.None)
                    {
                        shard.Transactions.Remove(transactionalId);
                    }
                    else
                    {
                        metadata.PendingState = null;
                    }
                }
            }
            if (error == ErrorCode.None)
            {
                TransactionCoordinatorLog.ExpiredTransactionalIds(_logger, expired.Count, shard.Partition);
            }
        }
    }

    /// <summary>The timer's pass: a failure is logged, never thrown on the timer's thread.</summary>
    private void RunAbortPass()
    {
        try
        {
            AbortTimedOutTransactions();
        }
#pragma warning disable CA1031 // The next pass tries again.
        catch (Exception e)
        {
            TransactionCoordinatorLog.PassFailed(_logger, e, "abort timed out transactions");
        }
#pragma warning restore CA1031
    }

    private async Task RunExpiryPassAsync()
    {
        try
        {
            await RemoveExpiredTransactionalIdsAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The next pass tries again.
        catch (Exception e)
        {
            TransactionCoordinatorLog.PassFailed(_logger, e, "remove expired transactional ids");
        }
#pragma warning restore CA1031
    }

    private void LoadAll(IEnumerable<TransactionShard?> shards)
    {
        foreach (var shard in shards.OfType<TransactionShard>())
        {
            try
            {
                Load(shard);
            }
            catch (ObjectDisposedException)
            {
                return; // the broker stopped while loading; the shards left stay unloaded
            }
#pragma warning disable CA1031 // As Kafka: what could be read serves; an unreadable partition must not block the others.
            catch (Exception e)
            {
                TransactionCoordinatorLog.LoadFailed(_logger, e, shard.Partition);
                shard.MarkLoaded();
            }
#pragma warning restore CA1031
        }
    }

    /// <summary>Replays a partition; transactions found in PrepareCommit or PrepareAbort get their markers written again.</summary>
    private void Load(TransactionShard shard)
    {
        var loaded = TransactionLogLoader.Load(shard.Log);
        long now = NowMs;
        lock (shard.Lock)
        {
            foreach (var (transactionalId, metadata) in loaded)
            {
                shard.Transactions[transactionalId] = metadata;
                if (metadata.State is TransactionState.PrepareCommit or TransactionState.PrepareAbort)
                {
                    TransactionCoordinatorLog.ResumingCompletion(_logger, transactionalId, metadata.State.ToString(), shard.Partition);
                    StartCompletion(shard, metadata, metadata.PrepareComplete(now));
                }
            }
            shard.MarkLoaded();
        }
    }
}
