namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Kafka's server-side <c>range</c> assignor: per topic, the partitions are split into
/// contiguous ranges over the members subscribed to it, the first P % N members getting one
/// more. Members are ordered static members first (by instance id), then by member id, so
/// co-partitioned topics line up and a static member that rejoins gets its ranges back. Like
/// Kafka's, it keeps no other stickiness: a member joining or leaving shifts the ranges.
/// </summary>
public sealed class RangeAssignor : IConsumerGroupAssignor
{
    public const string AssignorName = "range";

    public string Name => AssignorName;

    public IReadOnlyDictionary<string, Assignment> Assign(IReadOnlyCollection<AssignmentMemberSpec> members, ITopicDescriber topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var ordered = PartitionOwners.SortedMembers(members)
            .OrderBy(m => m.InstanceId is null)
            .ThenBy(m => m.InstanceId, StringComparer.Ordinal)
            .ThenBy(m => m.MemberId, StringComparer.Ordinal)
            .ToArray();

        // Per topic: its partition count, subscriber count, and the start of the next range.
        var ranges = new Dictionary<Guid, TopicRange>();
        foreach (var member in ordered)
        {
            foreach (var topicId in member.SubscribedTopicIds)
            {
                if (ranges.TryGetValue(topicId, out var range))
                {
                    range.Subscribers++;
                }
                else if (topics.PartitionCount(topicId) is var count and > 0)
                {
                    ranges.Add(topicId, new TopicRange(count));
                }
            }
        }

        var result = new Dictionary<string, Assignment>(ordered.Length, StringComparer.Ordinal);
        foreach (var member in ordered)
        {
            var assigned = new List<TopicPartitions>();
            foreach (var topicId in member.SubscribedTopicIds.Order())
            {
                if (ranges.TryGetValue(topicId, out var range) && range.Next() is { Length: > 0 } partitions)
                {
                    assigned.Add(TopicPartitions.FromSortedUnique(topicId, partitions));
                }
            }
            var built = Assignment.FromSorted([.. assigned]);
            result.Add(member.MemberId, built.Equals(member.CurrentAssignment) ? member.CurrentAssignment : built);
        }
        return result;
    }

    private sealed class TopicRange(int partitions)
    {
        private int _start;
        private int _handedOut;

        public int Subscribers { get; set; } = 1;

        public int[] Next()
        {
            var size = (partitions / Subscribers) + (_handedOut < partitions % Subscribers ? 1 : 0);
            _handedOut++;
            var range = new int[Math.Min(size, partitions - _start)];
            for (var i = 0; i < range.Length; i++)
            {
                range[i] = _start + i;
            }
            _start += range.Length;
            return range;
        }
    }
}
