namespace KafkaNet.Broker.Fetch;

/// <summary>
/// An incremental fetch session (KIP-227): the partitions a client fetches, so later requests
/// name only what changed and responses carry only partitions with news.
/// </summary>
internal sealed class FetchSession
{
    public FetchSession(int id) => Id = id;

    public int Id { get; }

    /// <summary>The epoch the next incremental request must carry.</summary>
    public int NextEpoch { get; set; } = 1;

    public long LastUsedTicks { get; set; }

    /// <summary>Partitions in the order the client added them, keyed by topic (id or name) and partition.</summary>
    public Dictionary<(string Topic, int Partition), FetchSessionPartition> Partitions { get; } = [];

    public List<FetchSessionPartition> Order { get; } = [];

    public FetchSessionPartition Upsert(string key, string? topic, Guid topicId, int partition)
    {
        if (!Partitions.TryGetValue((key, partition), out var entry))
        {
            entry = new FetchSessionPartition(topic, topicId, partition);
            Partitions.Add((key, partition), entry);
            Order.Add(entry);
        }
        return entry;
    }

    public void Remove(string key, int partition)
    {
        if (Partitions.Remove((key, partition), out var entry))
        {
            Order.Remove(entry);
        }
    }
}
