using KafkaNet.Broker.Groups.Consumer;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>Builders for assignor inputs and the properties every assignment must have.</summary>
internal static class AssignorChecks
{
    public static Guid TopicId(int n) => new(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    public static TopicDescriber Describe(params (int Topic, int Partitions)[] topics)
    {
        var describer = new TopicDescriber();
        foreach (var (topic, partitions) in topics)
        {
            describer.Add(TopicId(topic), $"topic-{topic}", partitions);
        }
        return describer;
    }

    public static AssignmentMemberSpec Member(string memberId, int[] topics, Assignment? current = null, string? instanceId = null)
        => new(memberId, instanceId, null, topics.Select(TopicId).ToHashSet(), current ?? Assignment.Empty);

    public static List<AssignmentMemberSpec> Members(int count, params int[] topics)
        => [.. Enumerable.Range(0, count).Select(i => Member($"member-{i:D3}", topics))];

    /// <summary>The same members with the assignment as their current one.</summary>
    public static List<AssignmentMemberSpec> WithCurrent(IEnumerable<AssignmentMemberSpec> members, IReadOnlyDictionary<string, Assignment> assignment)
        => [.. members.Select(m => m with { CurrentAssignment = assignment[m.MemberId] })];

    /// <summary>
    /// Every partition of every topic someone subscribes to is assigned exactly once, to a subscriber,
    /// and nothing else is assigned.
    /// </summary>
    public static void AssertComplete(IReadOnlyCollection<AssignmentMemberSpec> members, ITopicDescriber topics, IReadOnlyDictionary<string, Assignment> assignment)
    {
        Assert.Equal(members.Select(m => m.MemberId).Order(), assignment.Keys.Order());
        var owners = new Dictionary<(Guid, int), string>();
        foreach (var member in members)
        {
            foreach (var topic in assignment[member.MemberId])
            {
                Assert.Contains(topic.TopicId, member.SubscribedTopicIds);
                foreach (var partition in topic.Partitions)
                {
                    Assert.InRange(partition, 0, topics.PartitionCount(topic.TopicId) - 1);
                    Assert.True(owners.TryAdd((topic.TopicId, partition), member.MemberId),
                        $"{topic.TopicId}-{partition} is assigned twice");
                }
            }
        }
        var expected = members.SelectMany(m => m.SubscribedTopicIds).Distinct()
            .Sum(t => Math.Max(0, topics.PartitionCount(t)));
        Assert.Equal(expected, owners.Count);
    }

    /// <summary>100 members subscribed to 10 topics of 100 partitions: assigned completely and evenly.</summary>
    public static (TopicDescriber Topics, List<AssignmentMemberSpec> Members, IReadOnlyDictionary<string, Assignment> Assignment) AssignLargeGroup(
        IConsumerGroupAssignor assignor)
    {
        var topics = Describe([.. Enumerable.Range(1, 10).Select(t => (t, 100))]);
        var members = Members(100, [.. Enumerable.Range(1, 10)]);
        var assignment = assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal(0, Spread(assignment));
        return (topics, members, assignment);
    }

    public static int Spread(IReadOnlyDictionary<string, Assignment> assignment)
        => assignment.Values.Max(a => a.PartitionCount) - assignment.Values.Min(a => a.PartitionCount);

    /// <summary>Partitions that changed owner between two assignments.</summary>
    public static int Moves(IReadOnlyDictionary<string, Assignment> before, IReadOnlyDictionary<string, Assignment> after)
        => after.Sum(kv => kv.Value.Difference(before.TryGetValue(kv.Key, out var old) ? old : Assignment.Empty).PartitionCount);
}
