// CreateTopics (key 19), versions 0-7.
// Creates topics in the durable registry. -1 partitions or replicas take num.partitions and
// default.replication.factor; a replication factor above 1 cannot be met by a single broker
// (INVALID_REPLICATION_FACTOR). Explicit assignments must give partitions 0..n-1 each placed on
// this broker alone. validate_only runs every check and reports the would-be topic.
// v0 has no validate_only (it reads as false) and its results carry no error message (v1+).
// v5+ results carry partitions, replication factor and the effective configs; v7 the topic id.
// controller_mutation_rate: topics over it get THROTTLING_QUOTA_EXCEEDED on v6+; older versions are only throttled.
// In a cluster the active controller charges it (brokers forward the request in an Envelope with the client's principal).
// Deviation: more than 100000 partitions in a topic is INVALID_PARTITIONS; no CreateTopicPolicy; timeout_ms is ignored
// because creation completes before the response.
// Authorization: CREATE on the cluster or on each topic, else TOPIC_AUTHORIZATION_FAILED (not created, not forwarded);
// v5+ configs are left out (topic_config_error_code TOPIC_AUTHORIZATION_FAILED) without DESCRIBE_CONFIGS on the topic.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Result = KafkaNet.Protocol.Messages.CreateTopicsResponse.CreatableTopicResult;

namespace KafkaNet.Broker.Handlers;

public sealed class CreateTopicsHandler : ApiHandler<CreateTopicsRequest, CreateTopicsResponse>
{
    public override short ApiKey => CreateTopicsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 7;

    protected override async ValueTask<CreateTopicsResponse?> HandleAsync(RequestContext context, CreateTopicsRequest request, CancellationToken cancellationToken)
    {
        bool createsAny = context.AllowsCluster(AclOperation.Create, audit: false);
        var refused = RefusedEntries.Take(request.Topics, t =>
            createsAny || context.AllowsTopic(AclOperation.Create, t.Name) ? ErrorCode.None : ErrorCode.TopicAuthorizationFailed);
        if (!request.ValidateOnly)
        {
            var quota = context.Broker.ClientQuotas.Mutations.For(context, strictSinceVersion: 6);
            refused.AddRange(MutationQuotaEntries.Take(context, quota, request.Topics, t => PartitionsAsked(context.Broker, t)));
        }
        var response = request.Topics.Count == 0 && refused.Count > 0
            ? new CreateTopicsResponse()
            : await HandleAuthorizedAsync(context, request, cancellationToken).ConfigureAwait(false);
        foreach (var (topic, error) in refused)
        {
            response!.Topics.Add(Failed(topic.Name, new ApiError(error, MutationQuotaEntries.MessageFor(error, "Authorization failed."))));
        }
        if (context.ApiVersion >= 5)
        {
            foreach (var result in response!.Topics)
            {
                if (!context.AllowsTopic(AclOperation.DescribeConfigs, result.Name, audit: false))
                {
                    // As Kafka: the topic is created, but its configs are shown only to who may describe them.
                    result.TopicConfigErrorCode = (short)ErrorCode.TopicAuthorizationFailed;
                    result.Configs?.Clear();
                }
            }
        }
        return response;
    }

    private static ValueTask<CreateTopicsResponse?> HandleAuthorizedAsync(RequestContext context, CreateTopicsRequest request, CancellationToken cancellationToken)
    {
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.CreateTopicsAsync(context, request, cancellationToken);
        }
        var broker = context.Broker;
        var response = new CreateTopicsResponse();
        var duplicates = RequestDuplicates.Find(request.Topics.Select(t => t.Name));
        foreach (var topic in request.Topics)
        {
            Result result;
            if (duplicates.Contains(topic.Name))
            {
                result = Failed(topic.Name, new ApiError(ErrorCode.InvalidRequest, "Found multiple entries for this topic."));
            }
            else
            {
                var (error, spec) = Resolve(broker, topic);
                result = error.IsError ? Failed(topic.Name, error) : Succeeded(broker, broker.Topics.Create(spec!, request.ValidateOnly), topic.Name);
            }
            response.Topics.Add(result);
        }
        return ValueTask.FromResult<CreateTopicsResponse?>(response);
    }

    /// <summary>The partitions a topic would create, which controller_mutation_rate counts.</summary>
    private static int PartitionsAsked(KafkaBroker broker, CreateTopicsRequest.CreatableTopic topic) =>
        topic.Assignments.Count > 0 ? topic.Assignments.Count
        : topic.NumPartitions == -1 ? broker.Options.NumPartitions
        : Math.Max(0, topic.NumPartitions);

    /// <summary>Applies the request's defaults and checks what only the request can tell (assignments, replicas).</summary>
    private static (ApiError Error, TopicSpec? Spec) Resolve(KafkaBroker broker, CreateTopicsRequest.CreatableTopic topic)
    {
        int nodeId = broker.Options.NodeId;
        int partitions = topic.NumPartitions;
        short replicas = topic.ReplicationFactor;
        if (topic.Assignments.Count > 0)
        {
            if (partitions != -1 || replicas != -1)
            {
                return (new ApiError(ErrorCode.InvalidRequest,
                    "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."), null);
            }
            var indexes = topic.Assignments.Select(a => a.PartitionIndex).Order().ToList();
            if (!indexes.SequenceEqual(Enumerable.Range(0, indexes.Count)))
            {
                return (new ApiError(ErrorCode.InvalidReplicaAssignment, "Partitions must be numbered consecutively from 0."), null);
            }
            foreach (var assignment in topic.Assignments)
            {
                if (assignment.BrokerIds.Count != 1 || assignment.BrokerIds[0] != nodeId)
                {
                    return (new ApiError(ErrorCode.InvalidReplicaAssignment,
                        $"Partition {assignment.PartitionIndex} must be assigned to broker {nodeId} only: it is the only broker."), null);
                }
            }
            partitions = topic.Assignments.Count;
            replicas = 1;
        }
        if (partitions == -1)
        {
            partitions = broker.Options.NumPartitions;
        }
        else if (partitions <= 0)
        {
            return (new ApiError(ErrorCode.InvalidPartitions, "Number of partitions was set to an invalid non-positive value."), null);
        }
        if (replicas == -1)
        {
            replicas = broker.Options.DefaultReplicationFactor;
        }
        else if (replicas <= 0)
        {
            return (new ApiError(ErrorCode.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."), null);
        }
        if (replicas > 1)
        {
            return (new ApiError(ErrorCode.InvalidReplicationFactor,
                $"Unable to replicate the partition {replicas} time(s): The target replication factor of {replicas} cannot be reached because only 1 broker(s) are registered."), null);
        }
        var configs = topic.Configs.Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)).ToList();
        var duplicateConfig = configs.GroupBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateConfig is not null)
        {
            return (ApiError.InvalidConfig($"Duplicate config name in request: {duplicateConfig.Key}"), null);
        }
        return (ApiError.None, new TopicSpec(topic.Name, partitions, replicas, configs));
    }

    private static Result Succeeded(KafkaBroker broker, TopicResult outcome, string name)
    {
        if (outcome.Error.IsError)
        {
            return Failed(name, outcome.Error);
        }
        var topic = outcome.Topic!;
        var result = new Result
        {
            Name = topic.Name,
            TopicId = topic.TopicId,
            ErrorMessage = null,
            NumPartitions = topic.PartitionCount,
            ReplicationFactor = topic.ReplicationFactor,
        };
        foreach (var entry in broker.TopicConfigResolver.Describe(topic.Configs))
        {
            result.Configs!.Add(new CreateTopicsResponse.CreatableTopicConfigs
            {
                Name = entry.Name,
                Value = entry.Value,
                ReadOnly = entry.ReadOnly,
                ConfigSource = (sbyte)entry.Source,
                IsSensitive = entry.IsSensitive,
            });
        }
        return result;
    }

    private static Result Failed(string name, ApiError error) => new()
    {
        Name = name,
        ErrorCode = (short)error.Code,
        ErrorMessage = error.Message,
    };
}
