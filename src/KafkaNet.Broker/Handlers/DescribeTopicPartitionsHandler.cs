// DescribeTopicPartitions (key 75), version 0.
// Describes topics by name (an empty list means all topics) in name order with their
// partitions: leader, leader epoch, replicas, ISR and offline replicas from the cluster view (a leader
// that is not live is -1 with LEADER_NOT_AVAILABLE). At most
// response_partition_limit partitions (capped at 2000, Kafka's max.request.partition.size.limit)
// are returned; when more remain, next_cursor names the topic and partition to continue from,
// and a cursor in the request resumes there. Unknown or invalid names get
// UNKNOWN_TOPIC_OR_PARTITION and use none of the limit.
// Authorization: DESCRIBE on each topic. Listing all leaves out the topics the principal may not describe; a
// named one gets TOPIC_AUTHORIZATION_FAILED, whether or not it exists. Topic authorized operations are always sent.
// Deviation: no ELR (eligible leader replicas are null).
using KafkaNet.Broker.Security.Authorization;
using System.Collections.Immutable;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Topic = KafkaNet.Protocol.Messages.DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeTopicPartitionsHandler : ApiHandler<DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse>
{
    private const int MaxPartitionLimit = 2000;

    public override short ApiKey => DescribeTopicPartitionsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<DescribeTopicPartitionsResponse?> HandleAsync(RequestContext context, DescribeTopicPartitionsRequest request, CancellationToken cancellationToken)
    {
        var registry = context.Broker.Topics;
        var live = context.Broker.Cluster.Brokers;
        bool all = request.Topics.Count == 0;
        var names = all
            ? registry.Topics.Select(t => t.Name).Where(name => context.AllowsTopic(AclOperation.Describe, name, audit: false)).ToList()
            : request.Topics.Select(t => t.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var cursor = request.Cursor;
        int remaining = Math.Clamp(request.ResponsePartitionLimit, 1, MaxPartitionLimit);
        var response = new DescribeTopicPartitionsResponse();

        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (cursor is not null && string.CompareOrdinal(name, cursor.TopicName) < 0)
            {
                continue;
            }
            if (!all && !context.AllowsTopic(AclOperation.Describe, name))
            {
                response.Topics.Add(new Topic { ErrorCode = (short)ErrorCode.TopicAuthorizationFailed, Name = name });
                continue;
            }
            var topic = registry.Find(name);
            if (topic is null)
            {
                response.Topics.Add(new Topic { ErrorCode = (short)ErrorCode.UnknownTopicOrPartition, Name = name });
                continue;
            }
            if (remaining == 0)
            {
                response.NextCursor = new DescribeTopicPartitionsResponse.Cursor { TopicName = name, PartitionIndex = 0 };
                break;
            }
            int first = cursor is not null && cursor.TopicName == name ? Math.Max(0, cursor.PartitionIndex) : 0;
            var wire = Describe(context, topic);
            int p = first;
            for (; p < topic.PartitionCount && remaining > 0; p++, remaining--)
            {
                wire.Partitions.Add(Partition(topic.Partitions[p], live));
            }
            response.Topics.Add(wire);
            if (p < topic.PartitionCount)
            {
                response.NextCursor = new DescribeTopicPartitionsResponse.Cursor { TopicName = name, PartitionIndex = p };
                break;
            }
        }
        return ValueTask.FromResult<DescribeTopicPartitionsResponse?>(response);
    }

    private static Topic Describe(RequestContext context, TopicInfo topic) => new()
    {
        Name = topic.Name,
        TopicId = topic.TopicId,
        IsInternal = topic.IsInternal,
        TopicAuthorizedOperations = AuthorizedOperations.Topic(context, topic.Name, asked: true),
    };

    private static DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition Partition(
        PartitionRegistration partition, ImmutableSortedDictionary<int, ClusterBroker> live)
    {
        var report = PartitionReport.Of(partition, live);
        return new()
        {
            ErrorCode = (short)report.Error,
            PartitionIndex = partition.PartitionId,
            LeaderId = report.LeaderId,
            LeaderEpoch = partition.LeaderEpoch,
            ReplicaNodes = [.. partition.Replicas],
            IsrNodes = [.. partition.Isr],
            OfflineReplicas = report.OfflineReplicas,
        };
    }
}
