namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// The partitions of one topic in an assignment: an immutable, sorted set of distinct partition
/// indexes, never empty when it is part of an <see cref="Assignment"/>.
/// </summary>
public sealed class TopicPartitions : IEquatable<TopicPartitions>
{
    // Sorted ascending and distinct; never mutated once the instance exists.
    private readonly int[] _partitions;

    private TopicPartitions(Guid topicId, int[] sortedDistinct)
    {
        TopicId = topicId;
        _partitions = sortedDistinct;
    }

    public Guid TopicId { get; }

    public int Count => _partitions.Length;

    /// <summary>The partitions in ascending order.</summary>
    public ReadOnlySpan<int> Partitions => _partitions;

    public int this[int index] => _partitions[index];

    /// <summary>Creates the set from partitions in any order; duplicates are dropped.</summary>
    public static TopicPartitions Create(Guid topicId, IEnumerable<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var array = partitions.ToArray();
        return new TopicPartitions(topicId, SortDistinct(array));
    }

    public static TopicPartitions Create(Guid topicId, params ReadOnlySpan<int> partitions)
        => new(topicId, SortDistinct(partitions.ToArray()));

    /// <summary>Wraps an array the caller guarantees sorted and distinct and never touches again.</summary>
    internal static TopicPartitions FromSortedUnique(Guid topicId, int[] sortedDistinct) => new(topicId, sortedDistinct);

    public bool Contains(int partition) => Array.BinarySearch(_partitions, partition) >= 0;

    /// <summary>A copy, for the generated messages whose partition fields are lists.</summary>
    public List<int> ToList() => [.. _partitions];

    public bool Equals(TopicPartitions? other)
        => other is not null && (ReferenceEquals(this, other)
            || (TopicId == other.TopicId && _partitions.AsSpan().SequenceEqual(other._partitions)));

    public override bool Equals(object? obj) => Equals(obj as TopicPartitions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(TopicId);
        foreach (var partition in _partitions)
        {
            hash.Add(partition);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => $"{TopicId}:[{string.Join(',', _partitions)}]";

    internal int[] SortedArray => _partitions;

    private static int[] SortDistinct(int[] array)
    {
        if (array.Length < 2)
        {
            return array;
        }
        Array.Sort(array);
        var write = 1;
        for (var read = 1; read < array.Length; read++)
        {
            if (array[read] != array[write - 1])
            {
                array[write++] = array[read];
            }
        }
        return write == array.Length ? array : array[..write];
    }
}
