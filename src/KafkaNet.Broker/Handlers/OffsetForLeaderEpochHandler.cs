// OffsetForLeaderEpoch (key 23), versions 0-4.
// Consumers ask it after a leader change to find where an epoch they fetched in ended and so detect
// truncation. A partition this node does not lead gets NOT_LEADER_OR_FOLLOWER; the partition's leader
// epoch (0 on a single node) is the current one, which ends at the log end offset (even before the first append records it in the
// partition's leader-epoch-checkpoint), an earlier one at the start of the next epoch in that
// cache, and -1 or an epoch above every known one gets end offset -1 and epoch -1
// (UNDEFINED_EPOCH_OFFSET, UNDEFINED_EPOCH) without an error, as Kafka answers. An epoch below
// every known one ends where the first known epoch starts. From v2 a current_leader_epoch other
// than -1 is checked first: below ours FENCED_LEADER_EPOCH, above it UNKNOWN_LEADER_EPOCH.
// v1+ answers carry the epoch found; v3+ requests carry the replica id, which changes nothing here.
// Authorization: a principal with CLUSTER_ACTION on the cluster (a broker) may ask for any topic; others
// need DESCRIBE on each topic, else TOPIC_AUTHORIZATION_FAILED on its partitions.
// Deviation: no throttling (throttle time 0).
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Result = KafkaNet.Protocol.Messages.OffsetForLeaderEpochResponse.EpochEndOffset;

namespace KafkaNet.Broker.Handlers;

public sealed class OffsetForLeaderEpochHandler : ApiHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>
{
    public override short ApiKey => OffsetForLeaderEpochRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override ValueTask<OffsetForLeaderEpochResponse?> HandleAsync(RequestContext context, OffsetForLeaderEpochRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var response = new OffsetForLeaderEpochResponse();
        bool clusterAction = context.AllowsCluster(AclOperation.ClusterAction, audit: false);
        foreach (var topic in request.Topics)
        {
            var topicResult = new OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult { Topic = topic.Topic };
            response.Topics.Add(topicResult);
            var info = broker.Topics.Find(topic.Topic);
            bool describable = clusterAction || context.AllowsTopic(AclOperation.Describe, topic.Topic);
            foreach (var partition in topic.Partitions)
            {
                var result = new Result { Partition = partition.Partition };
                topicResult.Partitions.Add(result);
                if (!describable)
                {
                    result.ErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
                    continue;
                }
                var log = info is null ? null : broker.Replicas?.Find(info.Name, partition.Partition);
                var leadership = info is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, info, partition.Partition, partition.CurrentLeaderEpoch);
                if (leadership != ErrorCode.None || log is null)
                {
                    result.ErrorCode = (short)(leadership != ErrorCode.None ? leadership : ErrorCode.UnknownTopicOrPartition);
                }
                else
                {
                    long logEnd = log.LogEndOffset;
                    int current = Leadership.LeaderEpoch(info!, partition.Partition);
                    (result.LeaderEpoch, result.EndOffset) = partition.LeaderEpoch == current
                        ? (current, logEnd)
                        : log.LeaderEpochs.EndOffsetFor(partition.LeaderEpoch, logEnd);
                }
            }
        }
        return ValueTask.FromResult<OffsetForLeaderEpochResponse?>(response);
    }
}
