namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Collects partitions in any order, with duplicates, and builds an immutable <see cref="Assignment"/>.
/// </summary>
public sealed class AssignmentBuilder
{
    private readonly Dictionary<Guid, List<int>> _topics = [];

    public bool IsEmpty => _topics.Count == 0;

    public AssignmentBuilder Add(Guid topicId, int partition)
    {
        PartitionsOf(topicId).Add(partition);
        return this;
    }

    public AssignmentBuilder Add(Guid topicId, IEnumerable<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        PartitionsOf(topicId).AddRange(partitions);
        return this;
    }

    public AssignmentBuilder Add(TopicPartitions topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var list = PartitionsOf(topic.TopicId);
        foreach (var partition in topic.Partitions)
        {
            list.Add(partition);
        }
        return this;
    }

    public AssignmentBuilder Add(Assignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        foreach (var topic in assignment)
        {
            Add(topic);
        }
        return this;
    }

    public Assignment Build()
    {
        if (_topics.Count == 0)
        {
            return Assignment.Empty;
        }
        var topics = new List<TopicPartitions>(_topics.Count);
        foreach (var (topicId, partitions) in _topics)
        {
            if (partitions.Count > 0)
            {
                topics.Add(TopicPartitions.Create(topicId, partitions));
            }
        }
        topics.Sort(static (a, b) => a.TopicId.CompareTo(b.TopicId));
        return Assignment.FromSorted([.. topics]);
    }

    private List<int> PartitionsOf(Guid topicId)
    {
        if (!_topics.TryGetValue(topicId, out var list))
        {
            list = [];
            _topics.Add(topicId, list);
        }
        return list;
    }
}
