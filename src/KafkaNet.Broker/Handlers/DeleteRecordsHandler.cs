// DeleteRecords (key 21), versions 0-2.
// Moves each partition's log start offset up to the offset asked for (-1 means the high
// watermark, the log end on a single node) and answers the new low watermark (the log start
// offset). Segments wholly below it are dropped. An offset below the current log start changes
// nothing; one above the high watermark or below -1 gets OFFSET_OUT_OF_RANGE; unknown topics and
// partitions UNKNOWN_TOPIC_OR_PARTITION; a topic whose cleanup.policy lacks "delete" (compact
// only) POLICY_VIOLATION, as Kafka does. The log-start checkpoint is written before answering so
// the deletion holds across a restart.
// Deviation: timeout_ms is ignored: with one replica the deletion completes before the response.
// A partition this node does not lead gets NOT_LEADER_OR_FOLLOWER.
// Authorization: DELETE on each topic, else TOPIC_AUTHORIZATION_FAILED on its partitions (nothing deleted).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;
using PartitionResult = KafkaNet.Protocol.Messages.DeleteRecordsResponse.DeleteRecordsPartitionResult;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteRecordsHandler : ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse>
{
    private const long HighWatermark = -1;

    public override short ApiKey => DeleteRecordsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override ValueTask<DeleteRecordsResponse?> HandleAsync(RequestContext context, DeleteRecordsRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var response = new DeleteRecordsResponse();
        bool deleted = false;
        foreach (var topic in request.Topics)
        {
            var topicResult = new DeleteRecordsResponse.DeleteRecordsTopicResult { Name = topic.Name };
            response.Topics.Add(topicResult);
            var info = broker.Topics.Find(topic.Name);
            bool deletable = context.AllowsTopic(AclOperation.Delete, topic.Name);
            foreach (var partition in topic.Partitions)
            {
                var result = new PartitionResult { PartitionIndex = partition.PartitionIndex, LowWatermark = -1 };
                topicResult.Partitions.Add(result);
                var log = info is null ? null : broker.Replicas?.Find(info.Name, partition.PartitionIndex);
                var leadership = info is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, info, partition.PartitionIndex);
                var error = !deletable ? ErrorCode.TopicAuthorizationFailed
                    : leadership != ErrorCode.None ? leadership
                    : log is null ? ErrorCode.UnknownTopicOrPartition
                    : Delete(log, partition.Offset);
                result.ErrorCode = (short)error;
                if (error == ErrorCode.None)
                {
                    result.LowWatermark = log!.LogStartOffset;
                    deleted = true;
                }
            }
        }
        if (deleted)
        {
            broker.Replicas!.Checkpoint();
        }
        return ValueTask.FromResult<DeleteRecordsResponse?>(response);
    }

    private static ErrorCode Delete(PartitionLog log, long offset)
    {
        if (!log.Config.CleanupPolicy.Split(',').Any(p => p.Trim() == "delete"))
        {
            // Kafka keeps compacted-only topics whole: the compaction owns what disappears.
            return ErrorCode.PolicyViolation;
        }
        long target = offset == HighWatermark ? log.LogEndOffset : offset;
        if (target < 0)
        {
            return ErrorCode.OffsetOutOfRange;
        }
        try
        {
            log.DeleteRecordsBefore(target);
            return ErrorCode.None;
        }
        catch (OffsetOutOfRangeException)
        {
            return ErrorCode.OffsetOutOfRange;
        }
    }
}
