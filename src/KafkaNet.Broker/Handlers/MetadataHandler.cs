// Metadata (key 3), versions 0-13.
// Describes this broker (id, host, port, rack, cluster id, itself as controller) and topics:
// each partition led by this broker with leader epoch 0, replicas and ISR [this broker], no
// offline replicas. All topics are listed for v0 with an empty list and v1+ with a null list;
// an empty list from v1 lists none. v10+ topic ids are sent, and topics may be asked for by id
// (unknown id: UNKNOWN_TOPIC_ID). A named topic that does not exist is created with
// num.partitions when auto.create.topics.enable is on and the request allows it (always for
// v0-3); that response says LEADER_NOT_AVAILABLE, as Kafka's does while the leader is elected,
// and clients retry. Invalid names get INVALID_TOPIC_EXCEPTION; unknown topics otherwise
// UNKNOWN_TOPIC_OR_PARTITION. Authorized operations are sent only when asked for.
// Deviation: no authorizer, so asked-for authorized operations are "all allowed"; internal topics
// (__consumer_offsets, __transaction_state) are not auto-created here but left to their
// coordinators, which do not exist yet.
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Topic = KafkaNet.Protocol.Messages.MetadataResponse.MetadataResponseTopic;

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
            ClusterAuthorizedOperations = request.IncludeClusterAuthorizedOperations ? AuthorizedOperations.Cluster : AuthorizedOperations.Omitted,
        };
        response.Brokers.Add(new MetadataResponse.MetadataResponseBroker
        {
            NodeId = broker.Options.NodeId,
            Host = endpoint.Host,
            Port = endpoint.Port,
            Rack = broker.Options.Rack,
        });

        bool allTopics = request.Topics is null || (context.ApiVersion == 0 && request.Topics.Count == 0);
        if (allTopics)
        {
            foreach (var topic in broker.Topics.Topics)
            {
                response.Topics.Add(Describe(broker, topic, request.IncludeTopicAuthorizedOperations));
            }
        }
        else
        {
            var seenNames = new HashSet<string>(StringComparer.Ordinal);
            var seenIds = new HashSet<Guid>();
            foreach (var requested in request.Topics!)
            {
                bool first = requested.Name is not null ? seenNames.Add(requested.Name) : seenIds.Add(requested.TopicId);
                if (first)
                {
                    response.Topics.Add(Lookup(context, request, requested));
                }
            }
        }
        return ValueTask.FromResult<MetadataResponse?>(response);
    }

    private static Topic Lookup(RequestContext context, MetadataRequest request, MetadataRequest.MetadataRequestTopic requested)
    {
        var broker = context.Broker;
        if (requested.Name is null)
        {
            var byId = broker.Topics.Find(requested.TopicId);
            return byId is not null
                ? Describe(broker, byId, request.IncludeTopicAuthorizedOperations)
                : Error(ErrorCode.UnknownTopicId, context.ApiVersion >= 12 ? null : "", requested.TopicId);
        }
        string name = requested.Name;
        var existing = broker.Topics.Find(name);
        if (existing is not null)
        {
            return Describe(broker, existing, request.IncludeTopicAuthorizedOperations);
        }
        if (TopicNames.Validate(name).IsError)
        {
            return Error(ErrorCode.InvalidTopicException, name, Guid.Empty);
        }
        // Internal topics need their coordinators' settings (partition count, compaction), so
        // Metadata never creates them with the ordinary defaults.
        if (!request.AllowAutoTopicCreation || !broker.Options.AutoCreateTopicsEnable || TopicNames.IsInternal(name))
        {
            return Error(ErrorCode.UnknownTopicOrPartition, name, Guid.Empty);
        }
        return Error(AutoCreate(broker, name), name, Guid.Empty);
    }

    /// <summary>Creates the topic with the broker defaults; success reads as LEADER_NOT_AVAILABLE, as in Kafka.</summary>
    private static ErrorCode AutoCreate(KafkaBroker broker, string name)
    {
        if (broker.Options.DefaultReplicationFactor > 1)
        {
            return ErrorCode.InvalidReplicationFactor;
        }
        var spec = new TopicSpec(name, broker.Options.NumPartitions, broker.Options.DefaultReplicationFactor, []);
        var error = broker.Topics.Create(spec, validateOnly: false).Error;
        return error.Code is ErrorCode.None or ErrorCode.TopicAlreadyExists ? ErrorCode.LeaderNotAvailable : error.Code;
    }

    private static Topic Describe(KafkaBroker broker, TopicInfo topic, bool includeAuthorizedOperations)
    {
        int nodeId = broker.Options.NodeId;
        var wire = new Topic
        {
            Name = topic.Name,
            TopicId = topic.TopicId,
            IsInternal = topic.IsInternal,
            TopicAuthorizedOperations = includeAuthorizedOperations ? AuthorizedOperations.Topic : AuthorizedOperations.Omitted,
        };
        for (int p = 0; p < topic.PartitionCount; p++)
        {
            wire.Partitions.Add(new MetadataResponse.MetadataResponsePartition
            {
                PartitionIndex = p,
                LeaderId = nodeId,
                LeaderEpoch = 0,
                ReplicaNodes = [nodeId],
                IsrNodes = [nodeId],
            });
        }
        return wire;
    }

    private static Topic Error(ErrorCode code, string? name, Guid topicId) => new()
    {
        ErrorCode = (short)code,
        Name = name,
        TopicId = topicId,
        TopicAuthorizedOperations = AuthorizedOperations.Omitted,
    };
}
