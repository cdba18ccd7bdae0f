// Metadata (key 3), versions 0-13.
// Describes this broker: brokers, cluster id, controller id. Topics do not exist yet, so a
// request for all topics (v0 empty list, v1+ null) gets an empty list and each named topic
// gets UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID when asked by id).
// Deviation: auto-creation, and topics at all, come with the storage engine.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class MetadataHandler : ApiHandler<MetadataRequest, MetadataResponse>
{
    public override short ApiKey => MetadataRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 13;

    protected override ValueTask<MetadataResponse?> HandleAsync(RequestContext context, MetadataRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var endpoint = broker.Options.AdvertisedEndpoint;
        var response = new MetadataResponse
        {
            ClusterId = broker.ClusterId,
            ControllerId = broker.Options.NodeId,
        };
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker
        {
            NodeId = broker.Options.NodeId,
            Host = endpoint.Host,
            Port = endpoint.Port,
            Rack = broker.Options.Rack,
        });
        if (request.Topics is { Count: > 0 } requested)
        {
            foreach (var topic in requested)
            {
                bool byId = topic.Name is null;
                response.Topics.Add(new MetadataResponse.MetadataResponseTopic
                {
                    ErrorCode = (short)(byId ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition),
                    Name = topic.Name,
                    TopicId = topic.TopicId,
                });
            }
        }
        return ValueTask.FromResult<MetadataResponse?>(response);
    }
}
