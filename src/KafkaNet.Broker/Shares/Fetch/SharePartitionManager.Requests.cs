using KafkaNet.Protocol;

namespace KafkaNet.Broker.Shares.Fetch;

public sealed partial class SharePartitionManager
{
    /// <summary>
    /// The most one partition's read copies out of the log (at least one batch is read whatever its size): Kafka's
    /// max.partition.fetch.bytes default, which bounds the memory one fetch holds however large its MaxBytes.
    /// </summary>
    public const int MaxPartitionReadBytes = 1 << 20;

    /// <summary>
    /// Reads the log from the partition's next fetch offset and acquires for <paramref name="memberId"/> what is
    /// available in the batches read, persisting the change before returning.
    /// </summary>
    public async Task<ShareAcquisition> AcquireAsync(SharePartitionKey key, int leaderEpoch, IShareLog log, string memberId, ShareFetchLimits limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(limits);
        var (led, error) = await EnterAsync(key, leaderEpoch, log, cancellationToken).ConfigureAwait(false);
        if (led is null) return ShareAcquisition.Failed(error);
        try
        {
            long now = NowMs;
            var state = led.State;
            bool changed = state.ExpireLocks(now) > 0;
            byte[] bytes = [];
            IReadOnlyList<AcquiredRecords> acquired = [];
            long offset = Math.Max(state.NextFetchOffset, log.StartOffset);
            // read_committed stops at the last stable offset, as a consumer's Fetch does; the group's current setting counts.
            bool readCommitted = (View?.ConfigOf(key.GroupId) ?? state.Config).ReadCommitted;
            long end = readCommitted ? log.StableEndOffset : log.EndOffset;
            if (offset < end && limits.MaxBytes > 0 && limits.MaxRecords > 0)
            {
                bytes = log.Read(offset, Math.Min(limits.MaxBytes, MaxPartitionReadBytes), end);
                var batches = LogBatches.Ranges(bytes);
                if (batches.Count > 0)
                {
                    long first = batches[0].FirstOffset;
                    var aborted = readCommitted
                        ? AbortedBatches.Find(bytes, log.AbortedTransactions(first, batches[^1].LastOffset + 1))
                        : [];
                    if (state.Config.KeyOrdered)
                    {
                        // Records held back for their key do not count: every batch read is offered, and MaxRecords
                        // bounds what is taken. Key order needs every record's key.
                        long last = batches[^1].LastOffset;
                        acquired = state.Acquire(memberId, new FetchedRecords(first, last, RecordKeys.Read(bytes, first, last)) { Aborted = aborted },
                            limits.MaxRecords, now);
                    }
                    else
                    {
                        var fetched = new FetchedRecords(first, LastBatchNeeded(batches, offset, limits)) { Aborted = aborted };
                        acquired = state.Acquire(memberId, fetched, limits.RecordLimit ? limits.MaxRecords : int.MaxValue, now);
                    }
                }
            }
            changed |= acquired.Count > 0;
            changed |= led.TakeArchived();
            if (changed && await PersistAsync(led, cancellationToken).ConfigureAwait(false) is var written && written != ErrorCode.None)
            {
                return ShareAcquisition.Failed(written);
            }
            if (acquired.Count == 0) return ShareAcquisition.Nothing;
            return new ShareAcquisition(ErrorCode.None, LogBatches.Slice(bytes, acquired[0].FirstOffset, acquired[^1].LastOffset),
                SplitRuns(acquired, limits.BatchSize));
        }
        finally
        {
            led.Gate.Release();
        }
    }

    /// <summary>Applies <paramref name="memberId"/>'s acknowledgements all or nothing and persists them.</summary>
    public async Task<ErrorCode> AcknowledgeAsync(SharePartitionKey key, int leaderEpoch, IShareLog log, string memberId,
        IReadOnlyList<AcknowledgementBatch> batches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var (led, error) = await EnterAsync(key, leaderEpoch, log, cancellationToken).ConfigureAwait(false);
        if (led is null) return error;
        try
        {
            var acknowledged = led.State.Acknowledge(memberId, batches, NowMs);
            // A refused request may still have expired locks on the way.
            var written = await PersistAsync(led, cancellationToken).ConfigureAwait(false);
            return acknowledged != ErrorCode.None ? acknowledged : written;
        }
        finally
        {
            led.Gate.Release();
        }
    }

    /// <summary>
    /// The partition with its gate held. A partition dropped by a failed write while this waited for the gate is
    /// loaded again, so no request works on state that is no longer the persisted one.
    /// </summary>
    private async Task<(LedSharePartition? Partition, ErrorCode Error)> EnterAsync(SharePartitionKey key, int leaderEpoch, IShareLog log,
        CancellationToken cancellationToken)
    {
        const int Attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            var (led, error) = await GetAsync(key, leaderEpoch, log, cancellationToken).ConfigureAwait(false);
            if (led is null) return (null, error);
            await led.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (IsCurrent(led))
            {
                FollowDeadLetterConfig(led);
                return (led, ErrorCode.None);
            }
            led.Gate.Release();
            if (attempt == Attempts) return (null, ErrorCode.UnknownServerError);
        }
    }

    /// <summary>
    /// Batch-optimized: the read stops at the end of the batch that brings the offsets from <paramref name="offset"/>
    /// to MaxRecords, so whole batches are acquired and MaxRecords may be exceeded to finish one. Record-limit reads
    /// them all and lets the acquisition stop at MaxRecords.
    /// </summary>
    private static long LastBatchNeeded(List<(long FirstOffset, long LastOffset, int Position, int Length)> batches, long offset, ShareFetchLimits limits)
    {
        if (limits.RecordLimit) return batches[^1].LastOffset;
        foreach (var batch in batches)
        {
            if (batch.LastOffset - offset + 1 >= limits.MaxRecords) return batch.LastOffset;
        }
        return batches[^1].LastOffset;
    }

    /// <summary>Acquired runs are answered in pieces of at most BatchSize offsets (when the request sets one).</summary>
    private static List<AcquiredRecords> SplitRuns(IReadOnlyList<AcquiredRecords> runs, int batchSize)
    {
        var split = new List<AcquiredRecords>(runs.Count);
        foreach (var run in runs)
        {
            if (batchSize <= 0)
            {
                split.Add(run);
                continue;
            }
            for (long first = run.FirstOffset; first <= run.LastOffset; first += batchSize)
            {
                split.Add(run with { FirstOffset = first, LastOffset = Math.Min(run.LastOffset, first + batchSize - 1) });
            }
        }
        return split;
    }
}
