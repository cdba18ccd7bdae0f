// DescribeProducers (key 61), version 0.
// Per partition, the producers its producer state holds (id, epoch, last sequence and timestamp,
// coordinator epoch, first offset of the open transaction or -1), as Kafka's admin tools show
// them. An illegal topic name gets INVALID_TOPIC_EXCEPTION and an unknown topic
// UNKNOWN_TOPIC_OR_PARTITION for each partition asked for, with a message; a partition beyond
// the topic's count gets UNKNOWN_TOPIC_OR_PARTITION, and a known partition whose log is not on
// this broker NOT_LEADER_OR_FOLLOWER, without one, as Kafka answers.
// Deviation: no ACLs, so TOPIC_AUTHORIZATION_FAILED is never returned.
// Authorization: READ on each topic, else TOPIC_AUTHORIZATION_FAILED on its partitions.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeProducersHandler : ApiHandler<DescribeProducersRequest, DescribeProducersResponse>
{
    public override short ApiKey => DescribeProducersRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<DescribeProducersResponse?> HandleAsync(RequestContext context, DescribeProducersRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var response = new DescribeProducersResponse();
        foreach (var topic in request.Topics)
        {
            var topicResponse = new DescribeProducersResponse.TopicResponse { Name = topic.Name };
            response.Topics.Add(topicResponse);
            var info = broker.Topics.Find(topic.Name);
            var topicError = !context.AllowsTopic(AclOperation.Read, topic.Name)
                ? new ApiError(ErrorCode.TopicAuthorizationFailed, null)
                : TopicNames.Validate(topic.Name);
            if (!topicError.IsError && info is null)
            {
                topicError = new ApiError(ErrorCode.UnknownTopicOrPartition, $"Topic {topic.Name} does not exist");
            }
            foreach (int index in topic.PartitionIndexes)
            {
                var partition = new DescribeProducersResponse.PartitionResponse { PartitionIndex = index };
                topicResponse.Partitions.Add(partition);
                if (topicError.IsError)
                {
                    (partition.ErrorCode, partition.ErrorMessage) = ((short)topicError.Code, topicError.Message);
                    continue;
                }
                var log = broker.Replicas?.Find(info!.Name, index);
                if (log is null)
                {
                    bool known = index >= 0 && index < info!.PartitionCount;
                    partition.ErrorCode = (short)(known ? ErrorCode.NotLeaderOrFollower : ErrorCode.UnknownTopicOrPartition);
                    continue;
                }
                foreach (var producer in log.ActiveProducers())
                {
                    partition.ActiveProducers.Add(new DescribeProducersResponse.ProducerState
                    {
                        ProducerId = producer.ProducerId,
                        ProducerEpoch = producer.ProducerEpoch,
                        LastSequence = producer.LastSequence,
                        LastTimestamp = producer.LastTimestamp,
                        CoordinatorEpoch = producer.CoordinatorEpoch,
                        CurrentTxnStartOffset = producer.CurrentTxnStartOffset,
                    });
                }
            }
        }
        return ValueTask.FromResult<DescribeProducersResponse?>(response);
    }
}
