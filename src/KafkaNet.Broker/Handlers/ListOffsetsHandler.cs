// ListOffsets (key 2), versions 0-11.
// Special timestamps: -1 latest (the high watermark; with isolation_level 1, read_committed, from
// v2, the last stable offset), -2 earliest (log start), -3 the record with the largest timestamp,
// -4 earliest local (the log start: everything is local), -5 latest tiered and -6 earliest pending
// upload (offset -1: there is no tiered storage). A real timestamp finds the first record, not
// batch, at or after it; none gives offset -1 and timestamp -1. As in Kafka, a record found by
// timestamp (or as the largest timestamp) at or beyond the last offset the isolation level may
// read (the last stable offset for read_committed) counts as none. A partition named more than once in one
// request gets INVALID_REQUEST each time, as Kafka answers, rather than several answers for it.
// v0 answers Kafka's pre-0.10.1 form: up to max_num_offsets old-style offsets, newest first, taken
// from the list of each segment's base offset (raised to the log start) with its file's
// last-modified time, followed by the log end offset at the current time when the last segment
// holds data. -1 (latest) starts at the end of that list, -2 (earliest) at its start, any other
// timestamp at the last entry modified at or before it (none: an empty list). No duplicate check,
// as in Kafka's v0 path; a negative max_num_offsets fails the partition with UNKNOWN_SERVER_ERROR,
// which is what Kafka's array allocation failure produced. A consumer's latest offset is the high
// watermark; replicas and debugging clients (replica id other than -1) get the log end.
// A partition this node does not lead gets NOT_LEADER_OR_FOLLOWER; from v4 a current_leader_epoch
// below the partition's gets FENCED_LEADER_EPOCH and above it UNKNOWN_LEADER_EPOCH (KIP-320).
// Authorization: DESCRIBE on each topic, else TOPIC_AUTHORIZATION_FAILED on its partitions (checked first).
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

public sealed class ListOffsetsHandler : ApiHandler<ListOffsetsRequest, ListOffsetsResponse>
{
    private const long Latest = -1;
    private const long Earliest = -2;
    private const long MaxTimestamp = -3;
    private const long EarliestLocal = -4;
    private const long LatestTiered = -5;
    private const long EarliestPendingUpload = -6;
    private const sbyte ReadCommitted = 1;
    private const int ConsumerReplicaId = -1;

    public override short ApiKey => ListOffsetsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 11;

    protected override ValueTask<ListOffsetsResponse?> HandleAsync(RequestContext context, ListOffsetsRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        if (context.ApiVersion == 0)
        {
            return ValueTask.FromResult<ListOffsetsResponse?>(HandleV0(context, request));
        }
        var response = new ListOffsetsResponse();
        var duplicates = RequestDuplicates.Find(request.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p.PartitionIndex))));
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            var info = broker.Topics.Find(topic.Name);
            bool describable = context.AllowsTopic(AclOperation.Describe, topic.Name);
            foreach (var partition in topic.Partitions)
            {
                var result = new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = partition.PartitionIndex };
                topicResponse.Partitions.Add(result);
                if (!describable)
                {
                    result.ErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
                    continue;
                }
                if (duplicates.Contains((topic.Name, partition.PartitionIndex)))
                {
                    result.ErrorCode = (short)ErrorCode.InvalidRequest;
                    continue;
                }
                var log = info is null ? null : broker.Replicas?.Find(info.Name, partition.PartitionIndex);
                var leadership = info is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, info, partition.PartitionIndex, partition.CurrentLeaderEpoch);
                if (leadership != ErrorCode.None || log is null)
                {
                    result.ErrorCode = (short)(leadership != ErrorCode.None ? leadership : ErrorCode.UnknownTopicOrPartition);
                    continue;
                }
                long lastFetchable = LastFetchable(log, request);
                switch (partition.Timestamp)
                {
                    case Latest:
                        result.Offset = lastFetchable;
                        break;
                    case Earliest:
                    case EarliestLocal:
                        result.Offset = log.LogStartOffset;
                        break;
                    case MaxTimestamp:
                        if (log.FetchMaxTimestamp() is { } max && max.Offset < lastFetchable)
                        {
                            (result.Timestamp, result.Offset) = (max.Timestamp, max.Offset);
                        }
                        break;
                    case LatestTiered:
                    case EarliestPendingUpload:
                        break;
                    default:
                        if (partition.Timestamp < 0)
                        {
                            result.ErrorCode = (short)ErrorCode.InvalidRequest;
                        }
                        else if (log.FetchOffsetByTimestamp(partition.Timestamp) is { } found && found.Offset < lastFetchable)
                        {
                            (result.Timestamp, result.Offset) = (found.Timestamp, found.Offset);
                        }
                        break;
                }
                // Kafka's answer without an offset carries no leader epoch either.
                result.LeaderEpoch = result.Offset >= 0 ? Leadership.LeaderEpoch(info!, partition.PartitionIndex) : -1;
            }
        }
        return ValueTask.FromResult<ListOffsetsResponse?>(response);
    }

    /// <summary>
    /// What latest means for the asker: a consumer reads up to the high watermark (read_committed: the last stable
    /// offset below it); a replica or a debugging client (replica id other than -1) sees the log end, as in Kafka.
    /// </summary>
    private static long LastFetchable(PartitionLog log, ListOffsetsRequest request)
    {
        if (request.ReplicaId != ConsumerReplicaId)
        {
            return log.LogEndOffset;
        }
        long highWatermark = log.HighWatermark;
        return request.IsolationLevel == ReadCommitted ? log.LastStableOffsetBelow(highWatermark) : highWatermark;
    }

    private static ListOffsetsResponse HandleV0(RequestContext context, ListOffsetsRequest request)
    {
        var broker = context.Broker;
        var response = new ListOffsetsResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            var info = broker.Topics.Find(topic.Name);
            bool describable = context.AllowsTopic(AclOperation.Describe, topic.Name);
            foreach (var partition in topic.Partitions)
            {
                var result = new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = partition.PartitionIndex };
                topicResponse.Partitions.Add(result);
                if (!describable)
                {
                    result.ErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
                    continue;
                }
                var log = info is null ? null : broker.Replicas?.Find(info.Name, partition.PartitionIndex);
                var leadership = info is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, info, partition.PartitionIndex);
                if (leadership != ErrorCode.None || log is null)
                {
                    result.ErrorCode = (short)(leadership != ErrorCode.None ? leadership : ErrorCode.UnknownTopicOrPartition);
                }
                else if (partition.MaxNumOffsets < 0)
                {
                    result.ErrorCode = (short)ErrorCode.UnknownServerError;
                }
                else
                {
                    result.OldStyleOffsets.AddRange(OffsetsBefore(log, partition.Timestamp, partition.MaxNumOffsets));
                }
            }
        }
        return response;
    }

    /// <summary>The old-style offsets for <paramref name="timestamp"/>, newest first, at most <paramref name="max"/>.</summary>
    private static List<long> OffsetsBefore(PartitionLog log, long timestamp, int max)
    {
        var segments = log.Segments;
        long logStart = log.LogStartOffset;
        long logEnd = log.LogEndOffset;
        var points = new List<(long Offset, long Modified)>(segments.Count + 1);
        foreach (var segment in segments)
        {
            points.Add((Math.Max(segment.BaseOffset, logStart), LastModifiedMs(segment.LogPath)));
        }
        if (segments[^1].Size > 0)
        {
            points.Add((logEnd, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
        int start = timestamp switch
        {
            Latest => points.Count - 1,
            Earliest => 0,
            _ => points.FindLastIndex(p => p.Modified <= timestamp),
        };
        var offsets = new List<long>(Math.Min(max, start + 1));
        for (int i = start; i >= 0 && offsets.Count < max; i--)
        {
            offsets.Add(points[i].Offset);
        }
        offsets.Sort((a, b) => b.CompareTo(a));
        return offsets;
    }

    /// <summary>A segment file's last-modified time in ms; 0 when it is gone (deleted meanwhile), as Java's File reports.</summary>
    private static long LastModifiedMs(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds() : 0;
    }
}
