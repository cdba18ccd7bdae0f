using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>A test Metadata handler that reports one single-partition topic led by this broker.</summary>
internal sealed class OneTopicMetadataHandler(string topicName) : ApiHandler<MetadataRequest, MetadataResponse>
{
    private readonly Guid _topicId = Guid.NewGuid();

    public override short ApiKey => MetadataRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 12;

    protected override ValueTask<MetadataResponse?> HandleAsync(RequestContext context, MetadataRequest request, CancellationToken cancellationToken)
    {
        var options = context.Broker.Options;
        var response = new MetadataResponse { ClusterId = context.Broker.ClusterId, ControllerId = options.NodeId };
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker { NodeId = options.NodeId, Host = options.AdvertisedEndpoint.Host, Port = options.AdvertisedEndpoint.Port });
        var topic = new MetadataResponse.MetadataResponseTopic { Name = topicName, TopicId = _topicId };
        topic.Partitions.Add(new MetadataResponse.MetadataResponsePartition
        {
            PartitionIndex = 0,
            LeaderId = options.NodeId,
            LeaderEpoch = 0,
            ReplicaNodes = [options.NodeId],
            IsrNodes = [options.NodeId],
        });
        response.Topics.Add(topic);
        return ValueTask.FromResult<MetadataResponse?>(response);
    }
}
