// ListOffsets (key 2), versions 1-11.
// Special timestamps: -1 latest (the high watermark; with isolation_level 1, read_committed, from
// v2, the last stable offset), -2 earliest (log start), -3 the record with the largest timestamp,
// -4 earliest local (the log start: everything is local), -5 latest tiered and -6 earliest pending
// upload (offset -1: there is no tiered storage). A real timestamp finds the first record, not
// batch, at or after it; none gives offset -1 and timestamp -1. As in Kafka, a record found by
// timestamp (or as the largest timestamp) at or beyond the last offset the isolation level may
// read (the last stable offset for read_committed) counts as none. A partition named more than once in one
// request gets INVALID_REQUEST each time, as Kafka answers, rather than several answers for it.
// Deviation: v0 (several old-style offsets) is not served, as in Kafka 4.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

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

    public override short ApiKey => ListOffsetsRequest.ApiKey;

    public override short LowestVersion => 1;

    public override short HighestVersion => 11;

    protected override ValueTask<ListOffsetsResponse?> HandleAsync(RequestContext context, ListOffsetsRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var response = new ListOffsetsResponse();
        var duplicates = RequestDuplicates.Find(request.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p.PartitionIndex))));
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ListOffsetsResponse.ListOffsetsTopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            var info = broker.Topics.Find(topic.Name);
            foreach (var partition in topic.Partitions)
            {
                var result = new ListOffsetsResponse.ListOffsetsPartitionResponse { PartitionIndex = partition.PartitionIndex };
                topicResponse.Partitions.Add(result);
                if (duplicates.Contains((topic.Name, partition.PartitionIndex)))
                {
                    result.ErrorCode = (short)ErrorCode.InvalidRequest;
                    continue;
                }
                var log = info is null ? null : broker.Replicas?.Find(info.Name, partition.PartitionIndex);
                if (log is null)
                {
                    result.ErrorCode = (short)ErrorCode.UnknownTopicOrPartition;
                    continue;
                }
                if (partition.CurrentLeaderEpoch > 0)
                {
                    result.ErrorCode = (short)ErrorCode.UnknownLeaderEpoch;
                    continue;
                }
                // The high watermark is the log end on a single node.
                long lastFetchable = request.IsolationLevel == ReadCommitted ? log.LastStableOffset : log.LogEndOffset;
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
                result.LeaderEpoch = result.Offset >= 0 ? 0 : -1;
            }
        }
        return ValueTask.FromResult<ListOffsetsResponse?>(response);
    }
}
