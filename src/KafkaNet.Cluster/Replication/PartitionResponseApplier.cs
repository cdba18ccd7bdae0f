using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using KafkaNet.Cluster.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Cluster.Replication;

/// <summary>
/// Applies one partition of a fetch response to the follower's log, as Kafka's fetcher threads do: the leader's
/// batches are appended as they are, the high watermark follows the leader's, a diverging epoch truncates the
/// divergent tail, and an out-of-range offset moves the log to the leader's range.
/// </summary>
internal static class PartitionResponseApplier
{
    /// <summary>Returns whether readers of the log may see something new (records or a higher watermark).</summary>
    public static async Task<bool> ApplyAsync(
        FetcherContext context, FetchedPartition sent, FetchResponse.PartitionData data, LeaderOffsetsQuery leaderOffsets, CancellationToken cancellationToken)
    {
        var state = sent.State;
        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Removed || state.Generation != sent.Generation || state.Status is FollowedPartitionStatus.Paused or FollowedPartitionStatus.Failed)
                return false;
            var log = context.FindLog(state.Topic, state.Partition);
            if (log is null)
            {
                Fail(context, state, "no local log", null);
                return false;
            }
            // Anything else moved the log since the request was built (a truncation, another loop): fetch again.
            if (log.LogEndOffset != sent.FetchOffset)
                return false;
            return (ErrorCode)data.ErrorCode switch
            {
                ErrorCode.None => await ApplyDataAsync(context, state, log, data).ConfigureAwait(false),
                ErrorCode.OffsetOutOfRange => await HandleOutOfRangeAsync(context, state, log, data, leaderOffsets, cancellationToken).ConfigureAwait(false),
                ErrorCode.FencedLeaderEpoch => Pause(context, state, "paused until a newer leader epoch"),
                _ => Delay(context, state, (ErrorCode)data.ErrorCode),
            };
        }
        catch (Exception e) when (e is InvalidRecordBatchException or OffsetsOutOfOrderException or CorruptRecordException
            or Storage.OffsetOutOfRangeException or ObjectDisposedException or IOException)
        {
            Fail(context, state, e.Message, e);
            return false;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private static async Task<bool> ApplyDataAsync(FetcherContext context, PartitionFetchState state, PartitionLog log, FetchResponse.PartitionData data)
    {
        var diverging = data.DivergingEpoch;
        if (diverging.Epoch >= 0 && diverging.EndOffset >= 0)
        {
            TruncateDivergence(context, state, log, diverging);
            return false;
        }

        bool changed = false;
        var records = WholeBatches(data.Records ?? ReadOnlyMemory<byte>.Empty);
        if (!records.IsEmpty)
        {
            StartAtFirstBatch(context, state, log, records.Span);
            // The frame is not pooled and not read again: the log may patch nothing, but it takes Memory<byte>.
            await log.AppendAsFollowerAsync(MemoryMarshal.AsMemory(records)).ConfigureAwait(false);
            changed = true;
        }

        long highWatermark = Math.Min(data.HighWatermark, log.LogEndOffset);
        if (highWatermark > log.HighWatermark)
        {
            log.UpdateHighWatermark(highWatermark);
            changed = true;
        }

        // The leader's log start moved (DeleteRecords, retention): so does ours, within what we hold as committed.
        long leaderStart = Math.Min(data.LogStartOffset, log.HighWatermark);
        if (leaderStart > log.LogStartOffset)
            log.DeleteRecordsBefore(leaderStart);

        state.FetchOffset = log.LogEndOffset;
        state.Status = FollowedPartitionStatus.Fetching;
        state.LastError = null;
        return changed;
    }

    // An empty log restarted at the leader's log start may fall inside the leader's first batch (DeleteRecords stops
    // mid-batch): the log then starts at that batch, as Kafka does, and the log start offset moves up after it.
    private static void StartAtFirstBatch(FetcherContext context, PartitionFetchState state, PartitionLog log, ReadOnlySpan<byte> records)
    {
        var first = RecordBatchHeader.Read(records);
        long end = log.LogEndOffset;
        if (log.LogStartOffset == end && first.BaseOffset < end && first.LastOffset >= end)
            context.TruncateFullyAndStartAt(log, state.Topic, state.Partition, first.BaseOffset);
    }

    // Kafka's rule for a diverging epoch: cut at the end of the leader's epoch, or earlier where our own copy of that
    // epoch ends; when we end that epoch elsewhere or do not know it, cut there and let the leader answer again.
    private static void TruncateDivergence(FetcherContext context, PartitionFetchState state, PartitionLog log, FetchResponse.EpochEndOffset diverging)
    {
        long end = log.LogEndOffset;
        var (localEpoch, localEnd) = log.EndOffsetForEpoch(diverging.Epoch);
        long offset = localEpoch < 0 ? Math.Min(diverging.EndOffset, end)
            : localEpoch != diverging.Epoch ? Math.Min(localEnd, end)
            : Math.Min(Math.Min(diverging.EndOffset, localEnd), end);
        ReplicaFetcherLog.Truncating(context.Logger, state.Topic, state.Partition, offset,
            $"leader's epoch {diverging.Epoch} ends at {diverging.EndOffset}, ours (epoch {localEpoch}) at {localEnd}");
        context.TruncateTo(log, state.Topic, state.Partition, offset);
        state.FetchOffset = log.LogEndOffset;
    }

    private static async Task<bool> HandleOutOfRangeAsync(
        FetcherContext context, PartitionFetchState state, PartitionLog log, FetchResponse.PartitionData data, LeaderOffsetsQuery leaderOffsets, CancellationToken cancellationToken)
    {
        (long Start, long End)? leader = data.LogStartOffset >= 0 && data.HighWatermark >= 0 ? (data.LogStartOffset, data.HighWatermark) : null;
        try
        {
            leader ??= await leaderOffsets(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NodeUnreachableException or TimeoutException)
        {
            leader = null;
        }
        if (leader is not { } offsets)
            return Delay(context, state, ErrorCode.OffsetOutOfRange);
        return HandleOutOfRange(context, state, log, offsets.Start, offsets.End);
    }

    private static bool HandleOutOfRange(FetcherContext context, PartitionFetchState state, PartitionLog log, long leaderStart, long leaderEnd)
    {
        long end = log.LogEndOffset;
        if (leaderStart > end)
        {
            ReplicaFetcherLog.StartingAt(context.Logger, state.Topic, state.Partition, leaderStart);
            context.TruncateFullyAndStartAt(log, state.Topic, state.Partition, leaderStart);
        }
        else if (leaderEnd < end)
        {
            // The follower holds more than the leader (an unclean election): keep only what the leader has.
            ReplicaFetcherLog.Truncating(context.Logger, state.Topic, state.Partition, leaderEnd, "past the leader's end");
            context.TruncateTo(log, state.Topic, state.Partition, leaderEnd);
        }
        else
        {
            return Delay(context, state, ErrorCode.OffsetOutOfRange);
        }

        state.FetchOffset = log.LogEndOffset;
        state.LastError = null;
        return true;
    }

    private static bool Pause(FetcherContext context, PartitionFetchState state, string action)
    {
        state.Status = FollowedPartitionStatus.Paused;
        state.LastError = nameof(ErrorCode.FencedLeaderEpoch);
        ReplicaFetcherLog.PartitionError(context.Logger, state.Topic, state.Partition, state.LeaderId, state.LastError, action);
        return false;
    }

    // NOT_LEADER_OR_FOLLOWER, UNKNOWN_LEADER_EPOCH, UNKNOWN_TOPIC_ID and the like: metadata is catching up.
    private static bool Delay(FetcherContext context, PartitionFetchState state, ErrorCode error)
    {
        state.Status = FollowedPartitionStatus.Delayed;
        state.DelayedUntil = Stopwatch.GetTimestamp() + (long)(context.Backoff.TotalSeconds * Stopwatch.Frequency);
        state.LastError = error.ToString();
        ReplicaFetcherLog.PartitionError(context.Logger, state.Topic, state.Partition, state.LeaderId, state.LastError, "retrying after backoff");
        return false;
    }

    private static void Fail(FetcherContext context, PartitionFetchState state, string reason, Exception? exception)
    {
        state.Status = FollowedPartitionStatus.Failed;
        state.LastError = reason;
        ReplicaFetcherLog.PartitionFailed(context.Logger, state.Topic, state.Partition, state.LeaderId, reason, exception);
    }

    // A leader may end a response with part of a batch (cut at the byte limits); only whole batches are appended.
    private static ReadOnlyMemory<byte> WholeBatches(ReadOnlyMemory<byte> records)
    {
        var span = records.Span;
        int at = 0;
        while (span.Length - at >= RecordBatchHeader.LogOverhead)
        {
            int size = RecordBatchHeader.LogOverhead + BinaryPrimitives.ReadInt32BigEndian(span[(at + RecordBatchHeader.BatchLengthOffset)..]);
            if (size < RecordBatchHeader.Size)
                return records; // not a batch at all: the log's validation rejects it
            if (size > span.Length - at)
                break;
            at += size;
        }
        return records[..at];
    }
}
