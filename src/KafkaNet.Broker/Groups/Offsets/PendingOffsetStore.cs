namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>
/// Offsets committed inside transactions that have not ended, per producer id, as Kafka holds them: invisible to
/// OffsetFetch until the transaction's marker commits them, dropped if it aborts. Guarded by the shard's lock.
/// </summary>
public sealed class PendingOffsetStore
{
    private readonly Dictionary<long, OffsetStore> _byProducer = [];

    // A group keeps its open transactions until their markers, even once tombstones removed their offsets (as Kafka).
    private readonly Dictionary<string, HashSet<long>> _openByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> _groupsByProducer = [];

    /// <summary>Groups with at least one open transaction that committed offsets for them.</summary>
    public IEnumerable<string> Groups => _openByGroup.Keys;

    public void Put(long producerId, string groupId, string topic, int partition, OffsetAndMetadata offset)
    {
        if (!_byProducer.TryGetValue(producerId, out var offsets))
        {
            offsets = new OffsetStore();
            _byProducer[producerId] = offsets;
        }
        offsets.Put(groupId, topic, partition, offset);
        Add(_openByGroup, groupId, producerId);
        Add(_groupsByProducer, producerId, groupId);
    }

    /// <summary>The producer's pending offset of a partition, or null.</summary>
    public OffsetAndMetadata? Find(long producerId, string groupId, string topic, int partition) =>
        _byProducer.GetValueOrDefault(producerId)?.Find(groupId, topic, partition);

    /// <summary>Whether any open transaction holds an offset for the partition (OffsetFetch then answers UNSTABLE_OFFSET_COMMIT).</summary>
    public bool HasPending(string groupId, string topic, int partition)
    {
        if (!_openByGroup.TryGetValue(groupId, out var producers))
        {
            return false;
        }
        foreach (long producerId in producers)
        {
            if (_byProducer.GetValueOrDefault(producerId)?.Find(groupId, topic, partition) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a transaction that committed offsets for the group is still open: the group is then kept.</summary>
    public bool HasOpenTransactions(string groupId) => _openByGroup.ContainsKey(groupId);

    /// <summary>Every partition of the group that some open transaction holds an offset for.</summary>
    public IReadOnlySet<TopicPartitionKey> PartitionsOf(string groupId)
    {
        var partitions = new HashSet<TopicPartitionKey>();
        foreach (long producerId in _openByGroup.GetValueOrDefault(groupId) ?? [])
        {
            if (_byProducer.TryGetValue(producerId, out var offsets))
            {
                partitions.UnionWith(offsets.Of(groupId).Keys);
            }
        }
        return partitions;
    }

    /// <summary>What a tombstone does: every open transaction forgets its offset for the partition. True if one had one.</summary>
    public bool RemovePartition(string groupId, string topic, int partition)
    {
        bool removed = false;
        foreach (long producerId in _openByGroup.GetValueOrDefault(groupId) ?? [])
        {
            removed |= _byProducer.TryGetValue(producerId, out var offsets) && offsets.Remove(groupId, topic, partition);
        }
        return removed;
    }

    /// <summary>The transaction's marker: removes and returns the producer's pending offsets (empty when it had none).</summary>
    public OffsetStore Complete(long producerId)
    {
        if (_groupsByProducer.Remove(producerId, out var groups))
        {
            foreach (string groupId in groups)
            {
                if (_openByGroup.TryGetValue(groupId, out var producers) && producers.Remove(producerId) && producers.Count == 0)
                {
                    _openByGroup.Remove(groupId);
                }
            }
        }
        return _byProducer.Remove(producerId, out var offsets) ? offsets : new OffsetStore();
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, HashSet<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = [];
            map[key] = set;
        }
        set.Add(value);
    }
}
