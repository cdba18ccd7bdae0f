namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>The committed offsets of the groups of one coordinator shard. Guarded by the shard's lock.</summary>
public sealed class OffsetStore
{
    private readonly Dictionary<string, Dictionary<TopicPartitionKey, OffsetAndMetadata>> _byGroup = new(StringComparer.Ordinal);

    public IEnumerable<string> Groups => _byGroup.Keys;

    public OffsetAndMetadata? Find(string groupId, string topic, int partition) =>
        _byGroup.TryGetValue(groupId, out var offsets) ? offsets.GetValueOrDefault(new TopicPartitionKey(topic, partition)) : null;

    public IReadOnlyDictionary<TopicPartitionKey, OffsetAndMetadata> Of(string groupId) =>
        _byGroup.TryGetValue(groupId, out var offsets) ? offsets : Empty;

    public bool HasOffsets(string groupId) => _byGroup.TryGetValue(groupId, out var offsets) && offsets.Count > 0;

    public void Put(string groupId, string topic, int partition, OffsetAndMetadata offset)
    {
        if (!_byGroup.TryGetValue(groupId, out var offsets))
        {
            offsets = [];
            _byGroup[groupId] = offsets;
        }
        offsets[new TopicPartitionKey(topic, partition)] = offset;
    }

    public bool Remove(string groupId, string topic, int partition)
    {
        if (!_byGroup.TryGetValue(groupId, out var offsets) || !offsets.Remove(new TopicPartitionKey(topic, partition)))
        {
            return false;
        }
        if (offsets.Count == 0)
        {
            _byGroup.Remove(groupId);
        }
        return true;
    }

    /// <summary>Forgets every offset of the group; returns what was removed.</summary>
    public IReadOnlyCollection<TopicPartitionKey> RemoveGroup(string groupId) =>
        _byGroup.Remove(groupId, out var offsets) ? offsets.Keys : [];

    private static readonly Dictionary<TopicPartitionKey, OffsetAndMetadata> Empty = [];
}
