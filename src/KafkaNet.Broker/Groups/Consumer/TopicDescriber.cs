namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>An <see cref="ITopicDescriber"/> over a fixed set of topics.</summary>
public sealed class TopicDescriber : ITopicDescriber
{
    private readonly Dictionary<Guid, (string Name, int Partitions)> _topics = [];

    /// <summary>Adds or replaces a topic.</summary>
    public TopicDescriber Add(Guid topicId, string name, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(partitionCount);
        _topics[topicId] = (name, partitionCount);
        return this;
    }

    public int PartitionCount(Guid topicId) => _topics.TryGetValue(topicId, out var topic) ? topic.Partitions : -1;

    public string? TopicName(Guid topicId) => _topics.TryGetValue(topicId, out var topic) ? topic.Name : null;
}
