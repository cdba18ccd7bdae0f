using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using Result = KafkaNet.Protocol.Messages.CreateTopicsResponse.CreatableTopicResult;

namespace KafkaNet.Cluster.Controller;

// CreateTopics, DeleteTopics and CreatePartitions.
public sealed partial class QuorumController
{
    /// <summary>Kafka's bound on the partitions one CreateTopics or CreatePartitions request may add.</summary>
    public const int MaxPartitionsPerRequest = 10_000;

    /// <summary>CreateTopics v0-7: per-topic errors, defaults for -1, manual or placed assignments, validate_only.</summary>
    public Task<CreateTopicsResponse> CreateTopicsAsync(CreateTopicsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            if (PartitionsRequested(request) > MaxPartitionsPerRequest)
            {
                return new Plan<CreateTopicsResponse>([], _ => FailAll(request, ErrorCode.PolicyViolation, "Excessively large number of partitions per request."));
            }
            var response = new CreateTopicsResponse();
            var records = new List<MetadataRecord>();
            var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var created = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var topic in request.Topics)
            {
                var (error, result) = duplicates.Contains(topic.Name)
                    ? (new ApiError(ErrorCode.InvalidRequest, "Found multiple entries for this topic."), null)
                    : PlanTopic(image, topic, created, request.ValidateOnly ? null : records);
                response.Topics.Add(error.IsError ? FailedTopic(topic.Name, error) : result!);
            }
            return new Plan<CreateTopicsResponse>(records, _ => response);
        }, (code, message) => FailAll(request, code, message), cancellationToken);
    }

    /// <summary>Partitions the request would create, defaults counted, as Kafka adds them up before any topic.</summary>
    private long PartitionsRequested(CreateTopicsRequest request)
    {
        long total = 0;
        foreach (var topic in request.Topics)
        {
            total += topic.Assignments.Count > 0 ? topic.Assignments.Count
                : topic.NumPartitions == -1 ? _options.NumPartitions
                : Math.Max(0, topic.NumPartitions);
        }
        return total;
    }

    private (ApiError Error, Result? Result) PlanTopic(MetadataImage image, CreateTopicsRequest.CreatableTopic topic, Dictionary<string, string> created, List<MetadataRecord>? records)
    {
        var error = TopicNames.Validate(topic.Name);
        if (error.IsError)
        {
            return (error, null);
        }
        if (image.TopicsByName.ContainsKey(topic.Name) || created.ContainsKey(topic.Name))
        {
            return (new ApiError(ErrorCode.TopicAlreadyExists, $"Topic '{topic.Name}' already exists."), null);
        }
        string key = TopicNames.CollisionKey(topic.Name);
        string? colliding = image.TopicsByName.Keys.FirstOrDefault(n => TopicNames.CollisionKey(n) == key) ?? created.GetValueOrDefault(key);
        if (colliding != null)
        {
            return (TopicNames.Collision(topic.Name, colliding), null);
        }
        var (assignError, assignments) = Assign(image, topic);
        if (assignError.IsError)
        {
            return (assignError, null);
        }
        var configs = topic.Configs.Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)).ToList();
        var duplicate = configs.GroupBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        error = duplicate != null ? ApiError.InvalidConfig($"Duplicate config name in request: {duplicate.Key}") : TopicConfigs.Validate(configs);
        if (error.IsError)
        {
            return (error, null);
        }
        var overrides = configs.ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        var topicId = NewTopicId(image);
        created[key] = topic.Name;
        created[topic.Name] = topic.Name;
        if (records != null)
        {
            records.Add(MetadataRecord.Latest(new TopicRecord { Name = topic.Name, TopicId = topicId }));
            AddPartitions(image, records, topicId, 0, assignments!);
            foreach (var (name, value) in overrides.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                records.Add(MetadataRecord.Latest(new ConfigRecord { ResourceType = ConfigResourceKey.TopicType, ResourceName = topic.Name, Name = name, Value = value }));
            }
        }
        var result = new Result { Name = topic.Name, TopicId = topicId, ErrorMessage = null, NumPartitions = assignments!.Count, ReplicationFactor = (short)assignments[0].Length };
        foreach (var entry in _configResolver.Describe(overrides))
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
        return (ApiError.None, result);
    }

    private (ApiError Error, List<int[]>? Assignments) Assign(MetadataImage image, CreateTopicsRequest.CreatableTopic topic)
    {
        if (topic.Assignments.Count > 0)
        {
            if (topic.NumPartitions != -1 || topic.ReplicationFactor != -1)
            {
                return (new ApiError(ErrorCode.InvalidRequest,
                    "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time."), null);
            }
            var indexes = topic.Assignments.Select(a => a.PartitionIndex).Order().ToList();
            if (!indexes.SequenceEqual(Enumerable.Range(0, indexes.Count)))
            {
                return (new ApiError(ErrorCode.InvalidReplicaAssignment, "Partitions must be numbered consecutively from 0."), null);
            }
            var manual = topic.Assignments.OrderBy(a => a.PartitionIndex).Select(a => a.BrokerIds.ToArray()).ToList();
            var error = ValidateManual(image, manual, 0, manual[0].Length);
            return error.IsError ? (error, null) : (ApiError.None, manual);
        }
        int partitions = topic.NumPartitions == -1 ? _options.NumPartitions : topic.NumPartitions;
        if (partitions <= 0)
        {
            return (new ApiError(ErrorCode.InvalidPartitions, "Number of partitions was set to an invalid non-positive value."), null);
        }
        if (partitions > TopicRegistry.MaxPartitionsPerTopic)
        {
            return (TooManyPartitions(partitions), null);
        }
        short replicas = topic.ReplicationFactor == -1 ? _options.DefaultReplicationFactor : topic.ReplicationFactor;
        return Placer.Place(UsableBrokers(image), 0, partitions, replicas);
    }

    /// <summary>Kafka's checks of a manual assignment: known brokers, no repeats, one replica count, someone usable.</summary>
    private static ApiError ValidateManual(MetadataImage image, List<int[]> assignments, int firstPartition, int replicationFactor)
    {
        for (int i = 0; i < assignments.Count; i++)
        {
            var replicas = assignments[i];
            int partition = firstPartition + i;
            if (replicas.Length == 0)
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes an empty replica list for partition {partition}.");
            }
            if (replicas.Length != replicationFactor)
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment,
                    $"The manual partition assignment includes a partition with {replicas.Length} replica(s), but this is not consistent with previous partitions, which have {replicationFactor} replica(s).");
            }
            if (replicas.Distinct().Count() != replicas.Length)
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes the broker {replicas.GroupBy(r => r).First(g => g.Count() > 1).Key} more than once.");
            }
            foreach (int id in replicas)
            {
                if (!image.Brokers.ContainsKey(id))
                {
                    return new ApiError(ErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes broker {id}, but no such broker is registered.");
                }
            }
            if (!replicas.Any(id => PartitionChanges.IsUsable(image, id)))
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment,
                    $"All brokers specified in the manual partition assignment for partition {partition} are fenced or in controlled shutdown.");
            }
        }
        return ApiError.None;
    }

    /// <summary>PartitionRecords whose ISR is the usable replicas, led by the first of them.</summary>
    private static void AddPartitions(MetadataImage image, List<MetadataRecord> records, Guid topicId, int firstPartition, List<int[]> assignments)
    {
        for (int i = 0; i < assignments.Count; i++)
        {
            var isr = assignments[i].Where(id => PartitionChanges.IsUsable(image, id)).ToList();
            records.Add(Partition(new PartitionRecord
            {
                TopicId = topicId,
                PartitionId = firstPartition + i,
                Replicas = [.. assignments[i]],
                Isr = isr,
                Leader = isr[0],
                LeaderEpoch = 0,
                PartitionEpoch = 0,
            }));
        }
    }

    private static IEnumerable<BrokerRegistration> UsableBrokers(MetadataImage image) =>
        image.Brokers.Values.Where(b => PartitionChanges.IsUsable(image, b.Id));

    private static Guid NewTopicId(MetadataImage image)
    {
        Guid id;
        do
        {
            id = Guid.NewGuid();
        }
        while (image.TopicsById.ContainsKey(id));
        return id;
    }

    private static ApiError TooManyPartitions(int requested) =>
        new(ErrorCode.InvalidPartitions, $"{requested} partitions is more than the {TopicRegistry.MaxPartitionsPerTopic} a topic may have on this broker.");

    private static Result FailedTopic(string name, ApiError error) => new() { Name = name, ErrorCode = (short)error.Code, ErrorMessage = error.Message };

    private static CreateTopicsResponse FailAll(CreateTopicsRequest request, ErrorCode code, string message)
    {
        var response = new CreateTopicsResponse();
        foreach (var topic in request.Topics)
        {
            response.Topics.Add(FailedTopic(topic.Name, new ApiError(code, message)));
        }
        return response;
    }
}
