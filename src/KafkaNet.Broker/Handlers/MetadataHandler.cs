// Metadata (key 3), versions 0-13.
// Describes the live brokers of the cluster view (a single node: itself) with the cluster id and the
// view's controller id, and topics: each partition's leader, leader epoch, replicas, ISR and offline
// replicas (those on brokers not live); a leader that is not live is reported as -1 with
// LEADER_NOT_AVAILABLE, as Kafka's KRaft brokers do. Endpoints are those of the listener clients are
// given (the listener a request arrived on is not known to handlers yet). All topics are listed for v0 with an empty list and v1+ with a null list;
// an empty list from v1 lists none. v10+ topic ids are sent, and topics may be asked for by id
// (unknown id: UNKNOWN_TOPIC_ID). A named topic that does not exist is created with
// num.partitions when auto.create.topics.enable is on and the request allows it (always for
// v0-3); that response says LEADER_NOT_AVAILABLE, as Kafka's does while the leader is elected,
// and clients retry. Invalid names get INVALID_TOPIC_EXCEPTION; unknown topics otherwise
// UNKNOWN_TOPIC_OR_PARTITION. Authorized operations are sent only when asked for.
// Authorization (Kafka's table): DESCRIBE on each topic. Listing all topics leaves out those the principal may not
// describe; a topic asked for by name or id that it may not describe gets TOPIC_AUTHORIZATION_FAILED (by id without
// its name), whether or not it exists. Auto-creation also needs CREATE on the cluster or the topic, else
// TOPIC_AUTHORIZATION_FAILED. Authorized operations are the principal's.
// Deviation: internal topics
// (__consumer_offsets, __transaction_state) are not auto-created here but left to their
// coordinators, which do not exist yet.
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
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
        var cluster = broker.Cluster;
        var response = new MetadataResponse
        {
            ClusterId = broker.ClusterId,
            ControllerId = cluster.ControllerId,
            ClusterAuthorizedOperations = AuthorizedOperations.Cluster(context, request.IncludeClusterAuthorizedOperations),
        };
        foreach (var live in cluster.Brokers.Values)
        {
            response.Brokers.Add(new MetadataResponse.MetadataResponseBroker
            {
                NodeId = live.Id,
                Host = live.Endpoint.Host,
                Port = live.Endpoint.Port,
                Rack = live.Rack,
            });
        }

        bool allTopics = request.Topics is null || (context.ApiVersion == 0 && request.Topics.Count == 0);
        if (allTopics)
        {
            foreach (var topic in broker.Topics.Topics)
            {
                if (context.AllowsTopic(AclOperation.Describe, topic.Name, audit: false))
                {
                    response.Topics.Add(Describe(context, topic, request.IncludeTopicAuthorizedOperations));
                }
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
            return byId is null
                ? Error(ErrorCode.UnknownTopicId, context.ApiVersion >= 12 ? null : "", requested.TopicId)
                : context.AllowsTopic(AclOperation.Describe, byId.Name)
                ? Describe(context, byId, request.IncludeTopicAuthorizedOperations)
                : Error(ErrorCode.TopicAuthorizationFailed, context.ApiVersion >= 12 ? null : "", requested.TopicId);
        }
        string name = requested.Name;
        if (!context.AllowsTopic(AclOperation.Describe, name))
        {
            return Error(ErrorCode.TopicAuthorizationFailed, name, Guid.Empty);
        }
        var existing = broker.Topics.Find(name);
        if (existing is not null)
        {
            return Describe(context, existing, request.IncludeTopicAuthorizedOperations);
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
        if (!context.AllowsCluster(AclOperation.Create, audit: false) && !context.AllowsTopic(AclOperation.Create, name))
        {
            return Error(ErrorCode.TopicAuthorizationFailed, name, Guid.Empty);
        }
        return Error(AutoCreate(broker, name), name, Guid.Empty);
    }

    /// <summary>Creates the topic with the broker defaults; success reads as LEADER_NOT_AVAILABLE, as in Kafka.</summary>
    private static ErrorCode AutoCreate(KafkaBroker broker, string name)
    {
        if (broker.Controller is not null)
        {
            ControllerForwarding.CreateTopicInBackground(broker, name);
            return ErrorCode.LeaderNotAvailable;
        }
        if (broker.Options.DefaultReplicationFactor > 1)
        {
            return ErrorCode.InvalidReplicationFactor;
        }
        var spec = new TopicSpec(name, broker.Options.NumPartitions, broker.Options.DefaultReplicationFactor, []);
        var error = broker.Topics.Create(spec, validateOnly: false).Error;
        return error.Code is ErrorCode.None or ErrorCode.TopicAlreadyExists ? ErrorCode.LeaderNotAvailable : error.Code;
    }

    private static Topic Describe(RequestContext context, TopicInfo topic, bool includeAuthorizedOperations)
    {
        var live = context.Broker.Cluster.Brokers;
        var wire = new Topic
        {
            Name = topic.Name,
            TopicId = topic.TopicId,
            IsInternal = topic.IsInternal,
            TopicAuthorizedOperations = AuthorizedOperations.Topic(context, topic.Name, includeAuthorizedOperations),
        };
        foreach (var partition in topic.Partitions)
        {
            var report = PartitionReport.Of(partition, live);
            wire.Partitions.Add(new MetadataResponse.MetadataResponsePartition
            {
                ErrorCode = (short)report.Error,
                PartitionIndex = partition.PartitionId,
                LeaderId = report.LeaderId,
                LeaderEpoch = partition.LeaderEpoch,
                ReplicaNodes = [.. partition.Replicas],
                IsrNodes = [.. partition.Isr],
                OfflineReplicas = report.OfflineReplicas,
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
