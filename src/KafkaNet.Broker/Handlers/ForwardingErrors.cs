using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// The client's answer when the controller refuses a broker's Envelope itself (say the broker lacks CLUSTER_ACTION):
/// as Kafka's brokers do, every topic gets UNKNOWN_SERVER_ERROR, since the client cannot act on an error about the
/// broker's own configuration.
/// </summary>
internal static class ForwardingErrors
{
    public static IKafkaMessage UnknownServerError(IKafkaMessage request)
    {
        const short error = (short)ErrorCode.UnknownServerError;
        switch (request)
        {
            case CreateTopicsRequest create:
                var created = new CreateTopicsResponse();
                foreach (var topic in create.Topics)
                {
                    created.Topics.Add(new CreateTopicsResponse.CreatableTopicResult { Name = topic.Name, ErrorCode = error });
                }
                return created;
            case DeleteTopicsRequest delete:
                var deleted = new DeleteTopicsResponse();
                foreach (var name in delete.TopicNames)
                {
                    deleted.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult { Name = name, ErrorCode = error });
                }
                foreach (var topic in delete.Topics)
                {
                    deleted.Responses.Add(new DeleteTopicsResponse.DeletableTopicResult { Name = topic.Name, TopicId = topic.TopicId, ErrorCode = error });
                }
                return deleted;
            case CreatePartitionsRequest grow:
                var grown = new CreatePartitionsResponse();
                foreach (var topic in grow.Topics)
                {
                    grown.Results.Add(new CreatePartitionsResponse.CreatePartitionsTopicResult { Name = topic.Name, ErrorCode = error });
                }
                return grown;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.GetType().Name, "Not a request brokers forward in an Envelope.");
        }
    }
}
