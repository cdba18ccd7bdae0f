using KafkaNet.Broker.Groups.Consumer;
using static KafkaNet.Broker.Tests.Groups.Consumer.AssignorChecks;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class UniformAssignorTests
{
    private readonly UniformAssignor _assignor = new();

    [Fact]
    public void Same_subscriptions_get_counts_that_differ_by_at_most_one()
    {
        var topics = Describe((1, 7), (2, 4));
        var members = Members(3, 1, 2);
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal([3, 4, 4], assignment.Values.Select(a => a.PartitionCount).Order());
    }

    [Fact]
    public void A_joining_member_takes_only_its_share_and_the_others_keep_the_rest()
    {
        var topics = Describe((1, 12));
        var members = Members(3, 1);
        var before = _assignor.Assign(members, topics);

        var grown = WithCurrent(members, before);
        grown.Add(Member("member-new", [1]));
        var after = _assignor.Assign(grown, topics);

        AssertComplete(grown, topics, after);
        Assert.Equal(3, after["member-new"].PartitionCount);
        Assert.Equal(3, Moves(before, after));
        foreach (var member in members)
        {
            Assert.True(after[member.MemberId].IsSubsetOf(before[member.MemberId]));
        }
    }

    [Fact]
    public void A_leaving_member_hands_out_only_its_partitions()
    {
        var topics = Describe((1, 10), (2, 5));
        var members = Members(4, 1, 2);
        var before = _assignor.Assign(members, topics);

        var remaining = WithCurrent(members, before).Skip(1).ToList();
        var after = _assignor.Assign(remaining, topics);

        AssertComplete(remaining, topics, after);
        Assert.True(Spread(after) <= 1);
        foreach (var member in remaining)
        {
            Assert.True(before[member.MemberId].IsSubsetOf(after[member.MemberId]));
        }
        Assert.Equal(before[members[0].MemberId].PartitionCount, Moves(before, after));
    }

    [Fact]
    public void A_balanced_assignment_is_returned_unchanged()
    {
        var topics = Describe((1, 9), (2, 3));
        var members = Members(5, 1, 2);
        var first = _assignor.Assign(members, topics);
        var current = WithCurrent(members, first);
        var second = _assignor.Assign(current, topics);
        foreach (var member in current)
        {
            Assert.Same(member.CurrentAssignment, second[member.MemberId]);
        }
    }

    [Fact]
    public void Unsubscribed_and_unknown_topics_are_never_assigned()
    {
        var topics = Describe((1, 4), (2, 4));
        var stale = Assignment.Create(TopicId(2), 0, 1).Union(Assignment.Create(TopicId(1), 0, 9));
        List<AssignmentMemberSpec> members =
        [
            Member("a", [1, 3], stale),
            Member("b", [1]),
        ];
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal([TopicId(1)], assignment["a"].TopicIds);
        Assert.Equal(2, assignment["a"].PartitionCount);
        Assert.True(assignment["a"].Contains(TopicId(1), 0));
    }

    [Fact]
    public void A_partition_claimed_by_two_members_is_assigned_once()
    {
        var topics = Describe((1, 4));
        var both = Assignment.Create(TopicId(1), 0, 1);
        List<AssignmentMemberSpec> members = [Member("a", [1], both), Member("b", [1], both)];
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal(0, Spread(assignment));
    }

    [Fact]
    public void Members_without_subscriptions_get_an_empty_assignment()
    {
        var topics = Describe((1, 4));
        List<AssignmentMemberSpec> members = [Member("a", []), Member("b", [1])];
        var assignment = _assignor.Assign(members, topics);
        Assert.Same(Assignment.Empty, assignment["a"]);
        Assert.Equal(4, assignment["b"].PartitionCount);
        Assert.Empty(_assignor.Assign([], topics));
    }

    [Fact]
    public void Different_subscriptions_assign_each_topic_to_its_subscribers_only()
    {
        var topics = Describe((1, 6), (2, 6), (3, 2));
        List<AssignmentMemberSpec> members =
        [
            Member("a", [1]),
            Member("b", [1, 2]),
            Member("c", [2, 3]),
            Member("d", [3]),
        ];
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        AssertBalancedPerTopic(members, assignment);
        Assert.Equal([4, 4, 4, 2], members.Select(m => assignment[m.MemberId].PartitionCount));
    }

    [Fact]
    public void Different_subscriptions_keep_current_partitions_when_balance_allows()
    {
        var topics = Describe((1, 8), (2, 4));
        List<AssignmentMemberSpec> members = [Member("a", [1]), Member("b", [1, 2]), Member("c", [2])];
        var before = _assignor.Assign(members, topics);

        var grown = WithCurrent(members, before);
        grown.Add(Member("d", [1, 2]));
        var after = _assignor.Assign(grown, topics);

        AssertComplete(grown, topics, after);
        AssertBalancedPerTopic(grown, after);
        foreach (var member in members)
        {
            Assert.True(after[member.MemberId].IsSubsetOf(before[member.MemberId]));
        }
        Assert.Equal(after["d"].PartitionCount, Moves(before, after));
    }

    [Fact]
    public void The_result_does_not_depend_on_member_order()
    {
        var topics = Describe((1, 17), (2, 5));
        var members = Members(6, 1, 2);
        members.Add(Member("odd", [2]));
        var forward = _assignor.Assign(members, topics);
        var backward = _assignor.Assign([.. Enumerable.Reverse(members)], topics);
        Assert.Equal(forward.OrderBy(kv => kv.Key), backward.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_hundred_members_over_a_thousand_partitions_are_assigned()
    {
        var (topics, members, assignment) = AssignLargeGroup(_assignor);

        // Half the members drop half the topics: the heterogeneous path at the same size.
        var mixed = WithCurrent(members, assignment)
            .Select((m, i) => i % 2 == 0 ? m : m with { SubscribedTopicIds = Enumerable.Range(1, 5).Select(TopicId).ToHashSet() })
            .ToList();
        var again = _assignor.Assign(mixed, topics);
        AssertComplete(mixed, topics, again);
        AssertBalancedPerTopic(mixed, again);
    }

    [Fact]
    public void A_member_id_listed_twice_is_refused()
    {
        var topics = Describe((1, 2));
        List<AssignmentMemberSpec> members = [Member("a", [1]), Member("a", [1])];
        Assert.Throws<ArgumentException>(() => { _assignor.Assign(members, topics); });
    }

    // No subscriber of a topic that holds one of its partitions has two or more partitions more
    // than another subscriber of that topic: moving one would improve the balance.
    private static void AssertBalancedPerTopic(IReadOnlyCollection<AssignmentMemberSpec> members, IReadOnlyDictionary<string, Assignment> assignment)
    {
        foreach (var topicId in members.SelectMany(m => m.SubscribedTopicIds).Distinct())
        {
            var subscribers = members.Where(m => m.SubscribedTopicIds.Contains(topicId)).ToList();
            var holders = subscribers.Where(m => assignment[m.MemberId].ContainsTopic(topicId));
            if (!holders.Any())
            {
                continue;
            }
            var maxHolder = holders.Max(m => assignment[m.MemberId].PartitionCount);
            var minSubscriber = subscribers.Min(m => assignment[m.MemberId].PartitionCount);
            Assert.True(maxHolder - minSubscriber <= 1, $"topic {topicId}: {maxHolder} vs {minSubscriber}");
        }
    }
}
