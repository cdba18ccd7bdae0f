using KafkaNet.Broker.Groups.Consumer;
using static KafkaNet.Broker.Tests.Groups.Consumer.AssignorChecks;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class RangeAssignorTests
{
    private readonly RangeAssignor _assignor = new();

    private static int[] PartitionsOf(IReadOnlyDictionary<string, Assignment> assignment, string member, int topic)
        => assignment[member].Find(TopicId(topic))?.Partitions.ToArray() ?? [];

    [Fact]
    public void Each_topic_is_split_in_ranges_in_member_id_order_the_first_getting_the_extra()
    {
        var topics = Describe((1, 3), (2, 7));
        List<AssignmentMemberSpec> members = [Member("b", [1, 2]), Member("a", [1, 2])];
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal([0, 1], PartitionsOf(assignment, "a", 1));
        Assert.Equal([2], PartitionsOf(assignment, "b", 1));
        Assert.Equal([0, 1, 2, 3], PartitionsOf(assignment, "a", 2));
        Assert.Equal([4, 5, 6], PartitionsOf(assignment, "b", 2));
    }

    [Fact]
    public void Co_partitioned_topics_give_a_member_the_same_partition_numbers()
    {
        var topics = Describe((1, 6), (2, 6));
        var members = Members(4, 1, 2);
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        foreach (var member in members)
        {
            Assert.Equal(PartitionsOf(assignment, member.MemberId, 1), PartitionsOf(assignment, member.MemberId, 2));
        }
    }

    [Fact]
    public void Static_members_come_first_in_instance_id_order()
    {
        var topics = Describe((1, 4));
        List<AssignmentMemberSpec> members =
        [
            Member("a", [1]),
            Member("z", [1], instanceId: "instance-2"),
            Member("y", [1], instanceId: "instance-1"),
            Member("b", [1]),
        ];
        var assignment = _assignor.Assign(members, topics);
        Assert.Equal([0], PartitionsOf(assignment, "y", 1));
        Assert.Equal([1], PartitionsOf(assignment, "z", 1));
        Assert.Equal([2], PartitionsOf(assignment, "a", 1));
        Assert.Equal([3], PartitionsOf(assignment, "b", 1));
    }

    [Fact]
    public void Different_subscriptions_split_each_topic_over_its_subscribers()
    {
        var topics = Describe((1, 4), (2, 3), (3, 5));
        List<AssignmentMemberSpec> members = [Member("a", [1, 2]), Member("b", [2, 3]), Member("c", [1, 4])];
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal([0, 1], PartitionsOf(assignment, "a", 1));
        Assert.Equal([2, 3], PartitionsOf(assignment, "c", 1));
        Assert.Equal([0, 1], PartitionsOf(assignment, "a", 2));
        Assert.Equal([2], PartitionsOf(assignment, "b", 2));
        Assert.Equal([0, 1, 2, 3, 4], PartitionsOf(assignment, "b", 3));
    }

    [Fact]
    public void Members_beyond_the_partition_count_get_nothing()
    {
        var topics = Describe((1, 2));
        var members = Members(4, 1);
        var assignment = _assignor.Assign(members, topics);
        AssertComplete(members, topics, assignment);
        Assert.Equal([1, 1, 0, 0], members.Select(m => assignment[m.MemberId].PartitionCount));
    }

    [Fact]
    public void An_unchanged_assignment_keeps_its_instances_and_order_does_not_matter()
    {
        var topics = Describe((1, 10), (2, 3));
        var members = Members(4, 1, 2);
        var first = _assignor.Assign(members, topics);
        var current = WithCurrent(members, first);
        current.Reverse();
        var second = _assignor.Assign(current, topics);
        foreach (var member in current)
        {
            Assert.Same(member.CurrentAssignment, second[member.MemberId]);
        }
    }

    [Fact]
    public void A_hundred_members_over_a_thousand_partitions_are_assigned()
    {
        var (_, members, assignment) = AssignLargeGroup(_assignor);
        Assert.All(members, m => Assert.Equal(10, assignment[m.MemberId].PartitionCount));
    }

    [Fact]
    public void The_registry_offers_uniform_first_then_range()
    {
        Assert.Equal(["uniform", "range"], ConsumerGroupAssignors.Names);
        Assert.True(ConsumerGroupAssignors.TryGet("range", out var range));
        Assert.IsType<RangeAssignor>(range);
        Assert.False(ConsumerGroupAssignors.TryGet("sticky", out _));
    }
}
