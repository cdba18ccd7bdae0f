using System.Collections.Immutable;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Storage;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Topics;

/// <summary>
/// The topics of this broker, durable in the data directory. Readers take the current immutable
/// snapshot without locking; writers are serialized, persist the new snapshot, then publish it,
/// so a reader never sees a topic that would be lost by a crash.
/// </summary>
public sealed partial class TopicRegistry
{
    /// <summary>
    /// More partitions than this in one topic is refused: every Metadata response lists each
    /// partition, so a typo such as 2147483647 would make the broker unusable.
    /// </summary>
    public const int MaxPartitionsPerTopic = 100_000;

    private readonly Lock _writeLock = new();
    private readonly TopicRegistryFile _file;
    private readonly IPartitionStorage _storage;
    private readonly int _nodeId;
    private State _state;
    private bool _followsImage;

    /// <param name="dataDirectory">Where topics.json lives.</param>
    /// <param name="storage">The partition logs.</param>
    /// <param name="nodeId">This broker's id: the leader and only replica of the partitions it creates alone.</param>
    public TopicRegistry(string dataDirectory, IPartitionStorage? storage = null, int nodeId = 1)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        _file = new TopicRegistryFile(dataDirectory);
        _storage = storage ?? NoOpPartitionStorage.Instance;
        _nodeId = nodeId;
        _state = State.Empty;
        foreach (var topic in _file.Load())
        {
            _state = _state.With(topic.WithLocalPartitions(nodeId));
        }
    }

    /// <summary>This broker's id.</summary>
    public int NodeId => _nodeId;

    /// <summary>True once a metadata image has been applied: the metadata log, not topics.json, is then the record.</summary>
    public bool FollowsImage => Volatile.Read(ref _followsImage);

    /// <summary>Every topic, ordered by name: one consistent snapshot.</summary>
    public IReadOnlyCollection<TopicInfo> Topics => Current.ByName.Values.ToList();

    private State Current => Volatile.Read(ref _state);

    public TopicInfo? Find(string name) => Current.ByName.GetValueOrDefault(name);

    public TopicInfo? Find(Guid topicId) => Current.ById.GetValueOrDefault(topicId);

    /// <summary>Creates a topic, or with <paramref name="validateOnly"/> reports what would be created.</summary>
    public TopicResult Create(TopicSpec spec, bool validateOnly)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var nameError = TopicNames.Validate(spec.Name);
        if (nameError.IsError)
        {
            return TopicResult.Failed(nameError);
        }
        if (spec.PartitionCount <= 0)
        {
            return TopicResult.Failed(new ApiError(ErrorCode.InvalidPartitions, "Number of partitions was set to an invalid non-positive value."));
        }
        if (spec.PartitionCount > MaxPartitionsPerTopic)
        {
            return TopicResult.Failed(TooMany(spec.PartitionCount));
        }
        var configError = TopicConfigs.Validate(spec.Configs);
        if (configError.IsError)
        {
            return TopicResult.Failed(configError);
        }
        var configs = spec.Configs.ToImmutableSortedDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        lock (_writeLock)
        {
            var state = _state;
            if (state.ByName.ContainsKey(spec.Name))
            {
                return TopicResult.Failed(new ApiError(ErrorCode.TopicAlreadyExists, $"Topic '{spec.Name}' already exists."));
            }
            if (state.ByCollisionKey.TryGetValue(TopicNames.CollisionKey(spec.Name), out string? colliding))
            {
                return TopicResult.Failed(TopicNames.Collision(spec.Name, colliding));
            }
            var topic = new TopicInfo(spec.Name, NewTopicId(state), spec.PartitionCount, spec.ReplicationFactor, configs).WithLocalPartitions(_nodeId);
            if (validateOnly)
            {
                return TopicResult.Ok(topic);
            }
            var storageError = CreatePartitions(topic, 0);
            if (storageError.IsError)
            {
                return TopicResult.Failed(storageError);
            }
            var saveError = Publish(state.With(topic));
            if (saveError.IsError)
            {
                DeletePartitions(topic, 0);
            }
            return saveError.IsError ? TopicResult.Failed(saveError) : TopicResult.Ok(topic);
        }
    }

    public TopicResult Delete(string name) => Delete(state => state.ByName.GetValueOrDefault(name), ErrorCode.UnknownTopicOrPartition);

    public TopicResult Delete(Guid topicId) => Delete(state => state.ById.GetValueOrDefault(topicId), ErrorCode.UnknownTopicId);

    /// <summary>Grows a topic to <paramref name="partitionCount"/> partitions; partitions are never removed.</summary>
    public TopicResult CreatePartitions(string name, int partitionCount, bool validateOnly)
    {
        lock (_writeLock)
        {
            var state = _state;
            if (!state.ByName.TryGetValue(name, out var topic))
            {
                return TopicResult.Failed(Unknown(name));
            }
            if (partitionCount < topic.PartitionCount)
            {
                return TopicResult.Failed(new ApiError(ErrorCode.InvalidPartitions,
                    $"Topic currently has {topic.PartitionCount} partitions, which is higher than the requested {partitionCount}."));
            }
            if (partitionCount == topic.PartitionCount)
            {
                return TopicResult.Failed(new ApiError(ErrorCode.InvalidPartitions, $"Topic already has {topic.PartitionCount} partitions."));
            }
            if (partitionCount > MaxPartitionsPerTopic)
            {
                return TopicResult.Failed(TooMany(partitionCount));
            }
            var grown = (topic with { PartitionCount = partitionCount }).WithLocalPartitions(_nodeId);
            if (validateOnly)
            {
                return TopicResult.Ok(grown);
            }
            var storageError = CreatePartitions(grown, topic.PartitionCount);
            if (storageError.IsError)
            {
                return TopicResult.Failed(storageError);
            }
            var saveError = Publish(state.With(grown));
            if (saveError.IsError)
            {
                DeletePartitions(grown, topic.PartitionCount);
            }
            return saveError.IsError ? TopicResult.Failed(saveError) : TopicResult.Ok(grown);
        }
    }

    /// <summary>
    /// Changes a topic's config overrides. The update runs under the write lock, so concurrent
    /// incremental changes (APPEND to a list) never lose each other.
    /// </summary>
    public TopicResult UpdateConfigs(string name, ConfigUpdate update, bool validateOnly)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_writeLock)
        {
            var state = _state;
            if (!state.ByName.TryGetValue(name, out var topic))
            {
                return TopicResult.Failed(Unknown(name));
            }
            var error = update(topic.Configs, out var configs);
            if (!error.IsError)
            {
                error = TopicConfigs.Validate(configs.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
            }
            if (error.IsError)
            {
                return TopicResult.Failed(error);
            }
            var changed = topic with { Configs = configs };
            if (validateOnly)
            {
                return TopicResult.Ok(changed);
            }
            var saveError = Publish(state.With(changed));
            if (saveError.IsError)
            {
                return TopicResult.Failed(saveError);
            }
            _storage.UpdateConfig(changed.Name, changed.TopicId, changed.Configs);
            return TopicResult.Ok(changed);
        }
    }

    private TopicResult Delete(Func<State, TopicInfo?> find, ErrorCode unknown)
    {
        lock (_writeLock)
        {
            var state = _state;
            var topic = find(state);
            if (topic is null)
            {
                return TopicResult.Failed(new ApiError(unknown, unknown == ErrorCode.UnknownTopicId
                    ? "This server does not host this topic ID."
                    : "This server does not host this topic-partition."));
            }
            var saveError = Publish(state.Without(topic));
            if (saveError.IsError)
            {
                return TopicResult.Failed(saveError);
            }
            // Recorded first, then removed: a crash in between leaves orphan logs for storage to sweep, never a half topic.
            DeletePartitions(topic, 0);
            return TopicResult.Ok(topic);
        }
    }

    private ApiError Publish(State next)
    {
        try
        {
            if (!_followsImage)
            {
                _file.Save(next.ByName.Values);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ApiError(ErrorCode.KafkaStorageError, $"Could not record the topic change: {e.Message}");
        }
        Volatile.Write(ref _state, next);
        return ApiError.None;
    }

    private ApiError CreatePartitions(TopicInfo topic, int from)
    {
        int created = from;
        try
        {
            for (; created < topic.PartitionCount; created++)
            {
                _storage.CreatePartition(topic.Name, topic.TopicId, created, topic.Configs);
            }
            return ApiError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            for (int p = from; p < created; p++)
            {
                _storage.DeletePartition(topic.Name, topic.TopicId, p);
            }
            return new ApiError(ErrorCode.KafkaStorageError, $"Could not create the log of partition {created}: {e.Message}");
        }
    }

    private void DeletePartitions(TopicInfo topic, int from)
    {
        for (int p = from; p < topic.PartitionCount; p++)
        {
            _storage.DeletePartition(topic.Name, topic.TopicId, p);
        }
    }

    private static ApiError TooMany(int requested) =>
        new(ErrorCode.InvalidPartitions, $"{requested} partitions is more than the {MaxPartitionsPerTopic} a topic may have on this broker.");

    private static ApiError Unknown(string name) =>
        new(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");

    /// <summary>A random id that is neither the zero uuid nor in use (Kafka also reserves the zero uuid).</summary>
    private static Guid NewTopicId(State state)
    {
        Guid id;
        do
        {
            id = Guid.NewGuid();
        }
        while (id == Guid.Empty || state.ById.ContainsKey(id));
        return id;
    }

    /// <summary>One immutable view of all topics with its indexes, swapped whole.</summary>
    private sealed record State(
        ImmutableSortedDictionary<string, TopicInfo> ByName,
        ImmutableDictionary<Guid, TopicInfo> ById,
        ImmutableDictionary<string, string> ByCollisionKey)
    {
        public static readonly State Empty = new(
            ImmutableSortedDictionary.Create<string, TopicInfo>(StringComparer.Ordinal),
            ImmutableDictionary<Guid, TopicInfo>.Empty,
            ImmutableDictionary.Create<string, string>(StringComparer.Ordinal));

        public State With(TopicInfo topic) => new(
            ByName.SetItem(topic.Name, topic),
            ById.SetItem(topic.TopicId, topic),
            ByCollisionKey.SetItem(TopicNames.CollisionKey(topic.Name), topic.Name));

        public State Without(TopicInfo topic) => new(
            ByName.Remove(topic.Name),
            ById.Remove(topic.TopicId),
            ByCollisionKey.Remove(TopicNames.CollisionKey(topic.Name)));
    }
}
