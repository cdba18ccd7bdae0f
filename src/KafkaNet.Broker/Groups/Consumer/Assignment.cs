using System.Collections;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// An immutable set of partitions keyed by topic id: what a member owns, must revoke, or is
/// targeted to own. Topics are kept in ascending id order and never hold an empty set, so two
/// equal assignments always have the same shape. Operations return an existing instance when
/// nothing changes, which keeps a group's steady state free of copies.
/// </summary>
public sealed class Assignment : IEquatable<Assignment>, IReadOnlyCollection<TopicPartitions>
{
    private readonly TopicPartitions[] _topics;

    private Assignment(TopicPartitions[] sortedTopics)
    {
        _topics = sortedTopics;
        foreach (var topic in sortedTopics)
        {
            PartitionCount += topic.Count;
        }
    }

    public static Assignment Empty { get; } = new([]);

    /// <summary>The number of topics.</summary>
    public int Count => _topics.Length;

    /// <summary>The number of partitions over all topics.</summary>
    public int PartitionCount { get; }

    public bool IsEmpty => _topics.Length == 0;

    public IEnumerable<Guid> TopicIds => _topics.Select(t => t.TopicId);

    /// <summary>Builds an assignment from topic sets in any order; sets of the same topic are merged.</summary>
    public static Assignment Create(IEnumerable<TopicPartitions> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var builder = new AssignmentBuilder();
        foreach (var topic in topics)
        {
            builder.Add(topic);
        }
        return builder.Build();
    }

    public static Assignment Create(Guid topicId, params ReadOnlySpan<int> partitions)
        => partitions.IsEmpty ? Empty : new([TopicPartitions.Create(topicId, partitions)]);

    /// <summary>Reads the topic-partition lists of a generated message.</summary>
    public static Assignment From<T>(IEnumerable<T>? topics, Func<T, Guid> topicId, Func<T, IEnumerable<int>> partitions)
    {
        ArgumentNullException.ThrowIfNull(topicId);
        ArgumentNullException.ThrowIfNull(partitions);
        if (topics is null)
        {
            return Empty;
        }
        var builder = new AssignmentBuilder();
        foreach (var topic in topics)
        {
            builder.Add(topicId(topic), partitions(topic));
        }
        return builder.Build();
    }

    /// <summary>Writes the assignment as the topic-partition list of a generated message.</summary>
    public List<T> ToList<T>(Func<Guid, List<int>, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var list = new List<T>(_topics.Length);
        foreach (var topic in _topics)
        {
            list.Add(create(topic.TopicId, topic.ToList()));
        }
        return list;
    }

    /// <summary>Wraps topic sets the caller guarantees sorted by id, distinct and non-empty.</summary>
    internal static Assignment FromSorted(TopicPartitions[] sortedTopics)
        => sortedTopics.Length == 0 ? Empty : new(sortedTopics);

    /// <summary>The partitions of a topic, or null when the assignment has none of it.</summary>
    public TopicPartitions? Find(Guid topicId)
    {
        var index = IndexOf(topicId);
        return index >= 0 ? _topics[index] : null;
    }

    public bool ContainsTopic(Guid topicId) => IndexOf(topicId) >= 0;

    public bool Contains(Guid topicId, int partition)
    {
        var index = IndexOf(topicId);
        return index >= 0 && _topics[index].Contains(partition);
    }

    public Assignment Union(Assignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty || ReferenceEquals(this, other))
        {
            return this;
        }
        if (IsEmpty)
        {
            return other;
        }
        return Merge(other, SortedSets.Union, keepLeftOnly: true, keepRightOnly: true);
    }

    /// <summary>The partitions of this assignment that <paramref name="other"/> does not hold.</summary>
    public Assignment Difference(Assignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty || IsEmpty)
        {
            return this;
        }
        return Merge(other, SortedSets.Difference, keepLeftOnly: true, keepRightOnly: false);
    }

    public Assignment Intersect(Assignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return this;
        }
        if (other.IsEmpty || IsEmpty)
        {
            return Empty;
        }
        return Merge(other, SortedSets.Intersect, keepLeftOnly: false, keepRightOnly: false);
    }

    public bool IsSubsetOf(Assignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var topic in _topics)
        {
            var theirs = other.Find(topic.TopicId);
            if (theirs is null || theirs.Count < topic.Count)
            {
                return false;
            }
            foreach (var partition in topic.Partitions)
            {
                if (!theirs.Contains(partition))
                {
                    return false;
                }
            }
        }
        return true;
    }

    public bool Overlaps(Assignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var topic in _topics)
        {
            var theirs = other.Find(topic.TopicId);
            if (theirs is not null && SortedSets.Overlap(topic.SortedArray, theirs.SortedArray))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The topics for which <paramref name="keep"/> holds; this instance when all are kept.</summary>
    public Assignment WhereTopic(Func<Guid, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        List<TopicPartitions>? kept = null;
        for (var i = 0; i < _topics.Length; i++)
        {
            var retain = keep(_topics[i].TopicId);
            if (!retain && kept is null)
            {
                kept = new List<TopicPartitions>(_topics.Length);
                kept.AddRange(_topics.AsSpan(0, i));
            }
            else if (retain)
            {
                kept?.Add(_topics[i]);
            }
        }
        return kept is null ? this : FromSorted([.. kept]);
    }

    public IEnumerator<TopicPartitions> GetEnumerator() => ((IEnumerable<TopicPartitions>)_topics).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Assignment? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._topics.Length != _topics.Length || other.PartitionCount != PartitionCount)
        {
            return false;
        }
        for (var i = 0; i < _topics.Length; i++)
        {
            if (!_topics[i].Equals(other._topics[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Assignment);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var topic in _topics)
        {
            hash.Add(topic);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _topics.Select(t => t.ToString())) + "}";

    private int IndexOf(Guid topicId)
    {
        int low = 0, high = _topics.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = _topics[middle].TopicId.CompareTo(topicId);
            if (order == 0)
            {
                return middle;
            }
            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }

    // Walks both sorted topic arrays once; per-topic partition arrays are reused when unchanged.
    private Assignment Merge(Assignment other, Func<int[], int[], int[]?> combine, bool keepLeftOnly, bool keepRightOnly)
    {
        var result = new List<TopicPartitions>(_topics.Length + other._topics.Length);
        var changed = false;
        int left = 0, right = 0;
        while (left < _topics.Length || right < other._topics.Length)
        {
            var order = left == _topics.Length ? 1
                : right == other._topics.Length ? -1
                : _topics[left].TopicId.CompareTo(other._topics[right].TopicId);
            if (order < 0)
            {
                changed |= !keepLeftOnly;
                if (keepLeftOnly)
                {
                    result.Add(_topics[left]);
                }
                left++;
            }
            else if (order > 0)
            {
                changed |= keepRightOnly;
                if (keepRightOnly)
                {
                    result.Add(other._topics[right]);
                }
                right++;
            }
            else
            {
                var mine = _topics[left];
                var combined = combine(mine.SortedArray, other._topics[right].SortedArray);
                if (combined is null)
                {
                    result.Add(mine);
                }
                else
                {
                    changed = true;
                    if (combined.Length > 0)
                    {
                        result.Add(TopicPartitions.FromSortedUnique(mine.TopicId, combined));
                    }
                }
                left++;
                right++;
            }
        }
        return changed ? FromSorted([.. result]) : this;
    }
}
