using KafkaNet.Broker.Groups.Consumer;
using static KafkaNet.Broker.Tests.Groups.Consumer.AssignorChecks;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

public class AssignmentTests
{
    private static readonly Guid T1 = TopicId(1);
    private static readonly Guid T2 = TopicId(2);

    private static Assignment Of(params (Guid Topic, int[] Partitions)[] topics)
        => Assignment.Create(topics.Select(t => TopicPartitions.Create(t.Topic, t.Partitions)));

    [Fact]
    public void Partitions_are_sorted_and_distinct_whatever_the_input_order()
    {
        var assignment = Of((T2, [3, 1, 3]), (T1, [2, 0, 2, 1]));
        Assert.Equal([T1, T2], assignment.TopicIds);
        Assert.Equal([0, 1, 2], assignment.Find(T1)!.Partitions.ToArray());
        Assert.Equal([1, 3], assignment.Find(T2)!.Partitions.ToArray());
        Assert.Equal(5, assignment.PartitionCount);
        Assert.Equal(Of((T1, [1, 2, 0]), (T2, [1, 3])), assignment);
        Assert.Equal(Of((T1, [1, 2, 0]), (T2, [1, 3])).GetHashCode(), assignment.GetHashCode());
    }

    [Fact]
    public void Sets_of_the_same_topic_are_merged_and_empty_ones_dropped()
    {
        var assignment = Of((T1, [0]), (T2, []), (T1, [4]));
        Assert.Single(assignment);
        Assert.Equal([0, 4], assignment.Find(T1)!.Partitions.ToArray());
        Assert.Null(assignment.Find(T2));
        Assert.True(Of((T2, [])).IsEmpty);
        Assert.Equal(Assignment.Empty, Of((T2, [])));
    }

    [Fact]
    public void Union_adds_the_partitions_of_both()
    {
        var union = Of((T1, [0, 2])).Union(Of((T1, [1, 2]), (T2, [5])));
        Assert.Equal(Of((T1, [0, 1, 2]), (T2, [5])), union);
    }

    [Fact]
    public void Difference_removes_partitions_and_topics_left_empty()
    {
        var left = Of((T1, [0, 1, 2]), (T2, [5]));
        Assert.Equal(Of((T1, [0, 2])), left.Difference(Of((T1, [1]), (T2, [5]))));
        Assert.Equal(Assignment.Empty, left.Difference(left));
    }

    [Fact]
    public void Intersect_keeps_what_both_hold()
    {
        var left = Of((T1, [0, 1, 2]), (T2, [5]));
        Assert.Equal(Of((T1, [1, 2])), left.Intersect(Of((T1, [1, 2, 7]))));
        Assert.True(left.Intersect(Of((TopicId(9), [0]))).IsEmpty);
    }

    [Fact]
    public void Operations_that_change_nothing_return_the_same_instance()
    {
        var assignment = Of((T1, [0, 1]), (T2, [3]));
        Assert.Same(assignment, assignment.Union(Of((T1, [1]))));
        Assert.Same(assignment, assignment.Union(Assignment.Empty));
        Assert.Same(assignment, assignment.Difference(Of((T1, [2]), (TopicId(9), [0]))));
        Assert.Same(assignment, assignment.Intersect(Of((T1, [0, 1, 2]), (T2, [3]))));
        Assert.Same(assignment, assignment.WhereTopic(_ => true));
    }

    [Fact]
    public void Subset_overlap_and_membership()
    {
        var big = Of((T1, [0, 1, 2]), (T2, [5]));
        var small = Of((T1, [2]), (T2, [5]));
        Assert.True(small.IsSubsetOf(big));
        Assert.False(big.IsSubsetOf(small));
        Assert.True(Assignment.Empty.IsSubsetOf(small));
        Assert.True(big.Overlaps(Of((T2, [5, 6]))));
        Assert.False(big.Overlaps(Of((T2, [6]), (T1, [3]))));
        Assert.True(big.Contains(T1, 2));
        Assert.False(big.Contains(T1, 3));
        Assert.False(big.Contains(TopicId(9), 0));
    }

    [Fact]
    public void WhereTopic_drops_the_other_topics()
    {
        var assignment = Of((T1, [0]), (T2, [1]), (TopicId(3), [2]));
        Assert.Equal(Of((T2, [1])), assignment.WhereTopic(t => t == T2));
        Assert.True(assignment.WhereTopic(_ => false).IsEmpty);
    }

    [Fact]
    public void Builder_collects_partitions_in_any_order()
    {
        var built = new AssignmentBuilder()
            .Add(T2, 1)
            .Add(T1, [3, 0])
            .Add(Of((T1, [3, 4])))
            .Build();
        Assert.Equal(Of((T1, [0, 3, 4]), (T2, [1])), built);
        Assert.Same(Assignment.Empty, new AssignmentBuilder().Build());
    }
}
