using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// Reads the partitions of one fetch into a response whose record fields are leased log
/// regions. In an incremental fetch only partitions with news (records, a moved watermark,
/// log start or last stable offset, an error) are included, as KIP-227 has it.
/// </summary>
internal static class FetchReader
{
    private const sbyte ReadCommitted = 1;

    /// <summary>KIP-110: fetchers before v10 cannot decode zstd.</summary>
    private const short FirstZstdFetchVersion = 10;

    /// <summary>KIP-392: consumers from v11 name their rack and may read from followers.</summary>
    private const short FirstFollowerReadVersion = 11;

    // The storage fills this per read_committed partition; only a non-empty result is copied into the response.
    [ThreadStatic]
    private static List<AbortedTransaction>? t_aborted;

    /// <summary>
    /// <paramref name="sent"/> collects the partitions included, to be recorded in the session
    /// only if this response is the one returned (a long poll may read again). AnswerNow is set by an error or a
    /// preferred read replica, which Kafka answers without waiting.
    /// </summary>
    public static (LeasedResponse Response, long Bytes, bool AnswerNow) Read(
        RequestContext context, FetchRequest request, IReadOnlyList<FetchSessionPartition> partitions, bool incremental, List<WatchedPartition> watched,
        List<(FetchSessionPartition Entry, FetchResponse.PartitionData Data)> sent)
    {
        var broker = context.Broker;
        short version = context.ApiVersion;
        bool readCommitted = request.IsolationLevel == ReadCommitted;
        int replicaId = ReplicaIdOf(request, version);
        bool followerReadable = replicaId < 0 && version >= FirstFollowerReadVersion;
        var response = new FetchResponse();
        var leased = new LeasedResponse(response);
        long budget = request.MaxBytes;
        long total = 0;
        bool answerNow = false;
        FetchResponse.FetchableTopicResponse? topicResponse = null;
        var access = new FetchAccess(context, replicaId >= 0);
        foreach (var entry in partitions)
        {
            var topic = version >= 13 ? broker.Topics.Find(entry.TopicId) : broker.Topics.Find(entry.Topic ?? "");
            var partition = new FetchResponse.PartitionData { PartitionIndex = entry.Partition, Records = ReadOnlyMemory<byte>.Empty };
            var log = topic is null ? null : broker.Replicas?.Find(topic.Name, entry.Partition);
            var leadership = topic is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, topic, entry.Partition, entry.CurrentLeaderEpoch, followerReadable);
            if (!access.MayRead(version >= 13 ? topic?.Name : entry.Topic ?? ""))
            {
                // As Kafka: refused before the partition is looked at, so its existence is not given away.
                partition.ErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
                (partition.HighWatermark, partition.LastStableOffset, partition.LogStartOffset) = (-1, -1, -1);
            }
            else if (leadership != ErrorCode.None)
            {
                NotServed(context, response, partition, topic!, leadership);
            }
            else if (log is null)
            {
                // Kafka answers partitions it does not know before reading: an empty aborted list, whatever the isolation.
                partition.ErrorCode = (short)(topic is null && version >= 13 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition);
                partition.HighWatermark = -1;
                partition.AbortedTransactions = [];
            }
            else if (version < FirstZstdFetchVersion && IsZstdTopic(broker, topic!))
            {
                // As Kafka: a topic whose compression.type is zstd is not served to fetchers older than zstd.
                partition.ErrorCode = (short)ErrorCode.UnsupportedCompressionType;
                (partition.HighWatermark, partition.LastStableOffset, partition.LogStartOffset) = (-1, -1, -1);
            }
            else if (replicaId >= 0)
            {
                if (FollowerFetch.Read(broker, topic!.Name, request, replicaId, log, entry, partition, leased, ref budget, ref total) is { } bound)
                {
                    watched.Add(new WatchedPartition(new TopicPartition(topic.Name, entry.Partition), log, bound, ReadCommitted: false, Follower: true));
                }
            }
            else if (followerReadable && PreferredReadReplica.TryRedirect(broker, topic!.Name, entry, request.RackId, log, partition))
            {
                answerNow = true;
            }
            else
            {
                // On a follower (KIP-392) as on the leader: up to this replica's high watermark, which its fetcher moves.
                long bound = ReadPartition(log, entry, partition, readCommitted, leased, ref budget, ref total);
                watched.Add(new WatchedPartition(new TopicPartition(topic!.Name, entry.Partition), log, bound, readCommitted));
            }
            answerNow |= partition.ErrorCode != 0;
            if (incremental && !entry.HasNews(partition))
            {
                continue;
            }
            sent.Add((entry, partition));
            if (topicResponse is null || topicResponse.Topic != entry.Topic || topicResponse.TopicId != entry.TopicId)
            {
                topicResponse = new FetchResponse.FetchableTopicResponse { Topic = entry.Topic ?? "", TopicId = entry.TopicId };
                response.Responses.Add(topicResponse);
            }
            topicResponse.Partitions.Add(partition);
        }
        return (leased, total, answerNow);
    }

    /// <summary>The fetching replica: the request's replica id before v15, its replica state's from v15; -1 for consumers.</summary>
    public static int ReplicaIdOf(FetchRequest request, short version) => version >= 15 ? request.ReplicaState?.ReplicaId ?? -1 : request.ReplicaId;

    /// <summary>
    /// A partition this node may not serve: no offsets, as Kafka answers; from v16 the current
    /// leader and its endpoint are named for NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH (KIP-951).
    /// </summary>
    private static void NotServed(RequestContext context, FetchResponse response, FetchResponse.PartitionData partition, TopicInfo topic, ErrorCode error)
    {
        partition.ErrorCode = (short)error;
        (partition.HighWatermark, partition.LastStableOffset, partition.LogStartOffset) = (-1, -1, -1);
        partition.AbortedTransactions = null;
        if (context.ApiVersion < 16 || error is not (ErrorCode.NotLeaderOrFollower or ErrorCode.FencedLeaderEpoch) || topic.Partition(partition.PartitionIndex) is not { } state)
        {
            return;
        }
        partition.CurrentLeader = new FetchResponse.LeaderIdAndEpoch { LeaderId = state.Leader, LeaderEpoch = state.LeaderEpoch };
        var leader = context.Broker.Cluster.Find(state.Leader);
        if (leader is not null && !response.NodeEndpoints.Any(e => e.NodeId == leader.Id))
        {
            // The listener a request arrived on is not known here yet, so the reported endpoint is given.
            response.NodeEndpoints.Add(new FetchResponse.NodeEndpoint { NodeId = leader.Id, Host = leader.Endpoint.Host, Port = leader.Endpoint.Port, Rack = leader.Rack });
        }
    }

    private static bool IsZstdTopic(KafkaBroker broker, TopicInfo topic) =>
        broker.TopicConfigResolver.EffectiveValue(TopicConfigs.Find("compression.type")!, topic.Configs) == "zstd";

    /// <summary>
    /// Reads up to the high watermark, or the last stable offset below it for read_committed (a follower: up to the
    /// log end), and returns that bound. Offsets up to the log end are in range, as in Kafka. The aborted
    /// transactions are null unless read_committed and no error, as Kafka encodes them.
    /// </summary>
    internal static long ReadPartition(
        PartitionLog log, FetchSessionPartition entry, FetchResponse.PartitionData partition, bool readCommitted, LeasedResponse leased, ref long budget, ref long total,
        bool follower = false)
    {
        // The watermark first: the log end read after it is never below it.
        long highWatermark = log.HighWatermark;
        long lastStable = log.LastStableOffsetBelow(highWatermark);
        long logEnd = log.LogEndOffset;
        long bound = follower ? logEnd : readCommitted ? lastStable : highWatermark;
        partition.HighWatermark = highWatermark;
        partition.LastStableOffset = lastStable;
        partition.LogStartOffset = log.LogStartOffset;
        partition.AbortedTransactions = null;
        if (entry.FetchOffset < log.LogStartOffset || entry.FetchOffset > logEnd)
        {
            partition.ErrorCode = (short)ErrorCode.OffsetOutOfRange;
            return bound;
        }
        if (readCommitted)
        {
            partition.AbortedTransactions = [];
        }
        int limit = (int)Math.Min(entry.MaxBytes, Math.Max(0, budget));
        if ((limit <= 0 && total > 0) || entry.FetchOffset >= bound)
        {
            return bound;
        }
        try
        {
            var read = log.Read(entry.FetchOffset, Math.Max(1, limit), bound);
            partition.LogStartOffset = read.LogStartOffset;
            if (read.Region is { } region && (total == 0 || region.Length <= limit))
            {
                if (readCommitted)
                {
                    AddAbortedTransactions(log, entry.FetchOffset, UpperBound(log, region.SegmentBaseOffset, bound), partition.AbortedTransactions!);
                }
                partition.Records = leased.Attach(region);
                total += region.Length;
                budget -= region.Length;
            }
            else
            {
                read.Dispose();
            }
        }
        catch (OffsetOutOfRangeException)
        {
            partition.ErrorCode = (short)ErrorCode.OffsetOutOfRange;
            partition.AbortedTransactions = null;
        }
        return bound;
    }

    /// <summary>
    /// Where the aborted transactions of a read end: a read stays within one segment, so the next segment's base
    /// offset (or the read's bound) covers every record returned, as Kafka bounds the same search.
    /// </summary>
    private static long UpperBound(PartitionLog log, long segmentBaseOffset, long bound)
    {
        var segments = log.Segments;
        int low = 0, high = segments.Count - 1;
        long next = bound;
        while (low <= high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (segments[mid].BaseOffset > segmentBaseOffset)
            {
                next = segments[mid].BaseOffset;
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }
        return Math.Min(next, bound);
    }

    private static void AddAbortedTransactions(PartitionLog log, long fetchOffset, long upperBound, List<FetchResponse.AbortedTransaction> into)
    {
        var found = t_aborted ??= [];
        found.Clear();
        log.CollectAbortedTransactions(fetchOffset, upperBound, found);
        foreach (var aborted in found)
        {
            into.Add(new FetchResponse.AbortedTransaction { ProducerId = aborted.ProducerId, FirstOffset = aborted.FirstOffset });
        }
        found.Clear();
    }
}
