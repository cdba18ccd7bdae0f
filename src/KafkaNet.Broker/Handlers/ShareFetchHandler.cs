// ShareFetch (key 78), versions 0-2 (KIP-932; served only with group.share.enable).
// A share-group member's fetch: the share-partition leader reads whole record batches from each partition's next
// fetch offset and acquires for the member what is available in them; AcquiredRecords lists the acquired offset
// ranges with their delivery counts (offsets in the returned batches that are not listed were not acquired:
// acknowledged, archived or held by another member). Every acquisition is persisted before the answer.
// Share sessions: epoch 0 opens the member's session with the partitions named (acknowledgements then are
// INVALID_REQUEST; SHARE_SESSION_LIMIT_REACHED beyond group.share.max.share.sessions), later epochs must be the
// session's next (INVALID_SHARE_SESSION_EPOCH, SHARE_SESSION_NOT_FOUND) and add partitions or forget them
// (ForgottenTopicsData); every fetch reads all the session's partitions. Epoch -1 acknowledges, fetches nothing
// (a partition without acknowledgements is INVALID_REQUEST), closes the session and releases the member's records.
// Piggybacked acknowledgements are applied first, per partition all or nothing (AcknowledgeErrorCode).
// Limits: MaxBytes over the whole answer (at least one batch), MaxRecords (v1+; 500 before) acquired over all partitions
// - batch-optimized (mode 0) finishes the batch that reaches it, record-limit (v2 mode 1) stops at it - and BatchSize
// (v1+) cuts the acquired runs answered. v2 IsRenewAck: acknowledgements only (MaxWaitMs, MinBytes, MaxBytes and
// MaxRecords must be 0, else INVALID_REQUEST). With nothing acquired the fetch waits up to MaxWaitMs, looking again
// every 50 ms and at once when any share-partition's state changes; it answers as soon as anything is acquired
// (MinBytes counts as 1).
// Request errors: INVALID_REQUEST (no group id, member id empty or over 36 characters), UNKNOWN_MEMBER_ID (not a member
// of the group). Partition errors: UNKNOWN_TOPIC_ID, TOPIC_AUTHORIZATION_FAILED, UNKNOWN_TOPIC_OR_PARTITION,
// NOT_LEADER_OR_FOLLOWER with the current leader and its endpoint. v1+ answers the group's acquisition lock timeout.
// Authorization: READ on the group (GROUP_AUTHORIZATION_FAILED), READ on each topic.
using System.Diagnostics;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ShareFetchHandler : ApiHandler<ShareFetchRequest, ShareFetchResponse>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public override short ApiKey => ShareFetchRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<ShareFetchResponse?> HandleAsync(RequestContext context, ShareFetchRequest request, CancellationToken cancellationToken)
    {
        var response = new ShareFetchResponse { ErrorMessage = null };
        var (error, message, view) = ShareRequests.CheckMember(context, request.GroupId, request.MemberId);
        if (error == ErrorCode.None && IsRenew(request, context.ApiVersion) && (request.MaxWaitMs | request.MinBytes | request.MaxBytes | request.MaxRecords) != 0)
        {
            (error, message) = (ErrorCode.InvalidRequest, "A renew acknowledgement fetches nothing: MaxWaitMs, MinBytes, MaxBytes and MaxRecords must be 0.");
        }
        if (error != ErrorCode.None) return Failed(response, error, message);

        var key = new ShareSessionKey(request.GroupId!, request.MemberId!);
        var manager = context.Broker.SharePartitions;
        var (partitions, sessionError) = OpenSession(context, request, key, manager.Sessions);
        if (partitions is null) return Failed(response, sessionError, null);
        response.AcquisitionLockTimeoutMs = (int)Math.Min(int.MaxValue, view!.ConfigOf(key.GroupId).RecordLockDurationMs);

        var answers = new ShareFetchAnswers(context, response);
        await AcknowledgeAsync(context, request, key, answers, cancellationToken).ConfigureAwait(false);
        if (request.ShareSessionEpoch == ShareSessionCache.CloseEpoch)
        {
            await manager.CloseSessionAsync(key, cancellationToken).ConfigureAwait(false);
            return response;
        }
        if (!IsRenew(request, context.ApiVersion))
        {
            await FetchAsync(context, request, key, partitions, answers, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    private static bool IsRenew(ShareFetchRequest request, short version) => version >= 2 && request.IsRenewAck;

    private static ShareFetchResponse Failed(ShareFetchResponse response, ErrorCode error, string? message)
    {
        response.ErrorCode = (short)error;
        response.ErrorMessage = message;
        return response;
    }

    /// <summary>The session's partitions after this request, or null with the session error.</summary>
    private static (IReadOnlyList<ShareTopicPartition>? Partitions, ErrorCode Error) OpenSession(RequestContext context, ShareFetchRequest request,
        ShareSessionKey key, ShareSessionCache sessions)
    {
        var named = new List<ShareTopicPartition>();
        bool acknowledges = false;
        foreach (var topic in request.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                acknowledges |= partition.AcknowledgementBatches.Count > 0;
                // v0 names a partition only to acknowledge it with PartitionMaxBytes 0; the final fetch fetches nothing.
                bool fetches = context.ApiVersion > 0 || partition.PartitionMaxBytes > 0;
                if (request.ShareSessionEpoch == ShareSessionCache.CloseEpoch && fetches && partition.AcknowledgementBatches.Count == 0)
                {
                    return (null, ErrorCode.InvalidRequest);
                }
                if (fetches) named.Add(new ShareTopicPartition(topic.TopicId, partition.Partition));
            }
        }
        switch (request.ShareSessionEpoch)
        {
            case ShareSessionCache.OpenEpoch:
                return acknowledges ? (null, ErrorCode.InvalidRequest) : sessions.Open(key, context.ConnectionId, named);
            case ShareSessionCache.CloseEpoch:
                var closing = sessions.Closing(key);
                return closing == ErrorCode.None ? ([], ErrorCode.None) : (null, closing);
            default:
                var forgotten = request.ForgottenTopicsData.SelectMany(t => t.Partitions.Select(p => new ShareTopicPartition(t.TopicId, p)));
                return sessions.Continue(key, request.ShareSessionEpoch, named, forgotten);
        }
    }

    private static async Task AcknowledgeAsync(RequestContext context, ShareFetchRequest request, ShareSessionKey key, ShareFetchAnswers answers,
        CancellationToken cancellationToken)
    {
        foreach (var topic in request.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.AcknowledgementBatches.Count == 0) continue;
                var named = new ShareTopicPartition(topic.TopicId, partition.Partition);
                var wire = partition.AcknowledgementBatches.Select(b => (b.FirstOffset, b.LastOffset, b.AcknowledgeTypes));
                var (target, error) = await ShareRequests.AcknowledgeAsync(context, key, named, wire, cancellationToken).ConfigureAwait(false);
                answers.For(named, target).AcknowledgeErrorCode = (short)error;
            }
        }
    }

    /// <summary>
    /// Acquires from the session's partitions until something is acquired, a partition fails or MaxWaitMs runs out.
    /// A full fetch (epoch 0) answers every partition of the session; a later one only those with records or errors.
    /// </summary>
    private static async Task FetchAsync(RequestContext context, ShareFetchRequest request, ShareSessionKey key, IReadOnlyList<ShareTopicPartition> partitions,
        ShareFetchAnswers answers, CancellationToken cancellationToken)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, request.MaxWaitMs) * (double)Stopwatch.Frequency / 1000);
        bool full = request.ShareSessionEpoch == ShareSessionCache.OpenEpoch;
        int maxRecords = context.ApiVersion >= 1 && request.MaxRecords > 0 ? request.MaxRecords : ShareFetchLimits.DefaultMaxRecords;
        int batchSize = context.ApiVersion >= 1 ? request.BatchSize : 0;
        bool recordLimit = context.ApiVersion >= 2 && request.ShareAcquireMode == 1;
        while (true)
        {
            // Taken before looking, so a change while this looks still wakes the wait below.
            var changed = context.Broker.SharePartitions.NextChange;
            long bytes = 0;
            int records = 0;
            bool answerNow = false;
            foreach (var partition in partitions)
            {
                var target = ShareRequests.Resolve(context, key.GroupId, partition);
                if (target.Error != ErrorCode.None)
                {
                    answers.For(partition, target).ErrorCode = (short)target.Error;
                    answerNow = true;
                    continue;
                }
                if (full)
                {
                    answers.For(partition, target);
                }
                var limits = new ShareFetchLimits((int)Math.Max(0, request.MaxBytes - bytes), maxRecords - records, batchSize, recordLimit);
                if ((bytes > 0 && limits.MaxBytes <= 0) || limits.MaxRecords <= 0)
                {
                    continue;
                }
                var acquisition = await context.Broker.SharePartitions.AcquireAsync(target.Key, target.LeaderEpoch, target.Log!, key.MemberId,
                    limits with { MaxBytes = Math.Max(1, limits.MaxBytes) }, cancellationToken).ConfigureAwait(false);
                if (acquisition.Error != ErrorCode.None || acquisition.Acquired.Count > 0)
                {
                    answers.Add(partition, target, acquisition);
                }
                answerNow |= acquisition.Error != ErrorCode.None || acquisition.Acquired.Count > 0;
                bytes += acquisition.Records.Length;
                records += acquisition.Acquired.Sum(r => (int)(r.LastOffset - r.FirstOffset + 1));
            }
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (answerNow || remaining <= 0) return;
            // New records in the log are seen at the next poll; records given back wake the wait at once.
            var poll = Task.Delay(TimeSpan.FromTicks(Math.Min(PollInterval.Ticks, Stopwatch.GetElapsedTime(0, remaining).Ticks)), cancellationToken);
            await Task.WhenAny(poll, changed).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
