namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// The working state of the uniform assignor: the owner of every subscribed partition as a
/// member index (-1 for none) and the number of partitions each member owns. Members are
/// numbered in member-id order and topics in id order, so every decision is deterministic.
/// </summary>
internal sealed class PartitionOwners
{
    public const int NoOwner = -1;

    private readonly Dictionary<Guid, int> _topicIndexes;

    private PartitionOwners(AssignmentMemberSpec[] members, Guid[] topics, int[] partitionCounts)
    {
        Members = members;
        Topics = topics;
        PartitionCounts = partitionCounts;
        _topicIndexes = new Dictionary<Guid, int>(topics.Length);
        Owners = new int[topics.Length][];
        for (var t = 0; t < topics.Length; t++)
        {
            _topicIndexes.Add(topics[t], t);
            Owners[t] = new int[partitionCounts[t]];
            Array.Fill(Owners[t], NoOwner);
            TotalPartitions += partitionCounts[t];
        }
        Loads = new int[members.Length];
    }

    public AssignmentMemberSpec[] Members { get; }

    /// <summary>Every topic some member subscribes to that exists and has partitions, in id order.</summary>
    public Guid[] Topics { get; }

    public int[] PartitionCounts { get; }

    /// <summary>Owner member index per topic index and partition.</summary>
    public int[][] Owners { get; }

    /// <summary>Partitions owned per member index.</summary>
    public int[] Loads { get; }

    public int TotalPartitions { get; }

    public static PartitionOwners Create(IReadOnlyCollection<AssignmentMemberSpec> members, ITopicDescriber describer)
    {
        var sorted = SortedMembers(members);
        var counts = new Dictionary<Guid, int>();
        foreach (var member in sorted)
        {
            foreach (var topicId in member.SubscribedTopicIds)
            {
                // Topics deleted since the subscription was resolved simply have nothing to assign.
                if (!counts.ContainsKey(topicId) && describer.PartitionCount(topicId) is var count and > 0)
                {
                    counts.Add(topicId, count);
                }
            }
        }
        var topics = counts.Keys.Order().ToArray();
        return new PartitionOwners(sorted, topics, [.. topics.Select(t => counts[t])]);
    }

    /// <summary>Members in member-id order; a member id listed twice is refused.</summary>
    public static AssignmentMemberSpec[] SortedMembers(IReadOnlyCollection<AssignmentMemberSpec> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var sorted = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].MemberId == sorted[i - 1].MemberId)
            {
                throw new ArgumentException($"Member {sorted[i].MemberId} is listed twice.", nameof(members));
            }
        }
        return sorted;
    }

    public int TopicIndex(Guid topicId) => _topicIndexes.TryGetValue(topicId, out var index) ? index : -1;

    /// <summary>
    /// Gives every member back the partitions of its current assignment that still exist and that
    /// it still subscribes to; a partition claimed twice goes to the first member.
    /// </summary>
    public void KeepCurrentAssignments()
    {
        for (var m = 0; m < Members.Length; m++)
        {
            var member = Members[m];
            foreach (var topic in member.CurrentAssignment)
            {
                var t = TopicIndex(topic.TopicId);
                if (t < 0 || !member.SubscribedTopicIds.Contains(topic.TopicId))
                {
                    continue;
                }
                var owners = Owners[t];
                foreach (var partition in topic.Partitions)
                {
                    if ((uint)partition < (uint)owners.Length && owners[partition] == NoOwner)
                    {
                        owners[partition] = m;
                        Loads[m]++;
                    }
                }
            }
        }
    }

    public bool Subscribes(int member, int topic) => Members[member].SubscribedTopicIds.Contains(Topics[topic]);

    public void Assign(int topic, int partition, int member)
    {
        var previous = Owners[topic][partition];
        if (previous != NoOwner)
        {
            Loads[previous]--;
        }
        Owners[topic][partition] = member;
        Loads[member]++;
    }

    public void Release(int topic, int partition)
    {
        var previous = Owners[topic][partition];
        if (previous != NoOwner)
        {
            Loads[previous]--;
            Owners[topic][partition] = NoOwner;
        }
    }

    /// <summary>The assignment per member id; a member whose partitions did not change keeps its instance.</summary>
    public Dictionary<string, Assignment> Build()
    {
        var perMember = new List<TopicPartitions>?[Members.Length];
        var buckets = new List<int>?[Members.Length];
        for (var t = 0; t < Topics.Length; t++)
        {
            var owners = Owners[t];
            for (var partition = 0; partition < owners.Length; partition++)
            {
                var owner = owners[partition];
                if (owner != NoOwner)
                {
                    (buckets[owner] ??= []).Add(partition);
                }
            }
            for (var m = 0; m < buckets.Length; m++)
            {
                if (buckets[m] is { Count: > 0 } bucket)
                {
                    (perMember[m] ??= []).Add(TopicPartitions.FromSortedUnique(Topics[t], [.. bucket]));
                    bucket.Clear();
                }
            }
        }

        var result = new Dictionary<string, Assignment>(Members.Length, StringComparer.Ordinal);
        for (var m = 0; m < Members.Length; m++)
        {
            var built = perMember[m] is { } topics ? Assignment.FromSorted([.. topics]) : Assignment.Empty;
            var current = Members[m].CurrentAssignment;
            result.Add(Members[m].MemberId, built.Equals(current) ? current : built);
        }
        return result;
    }
}
