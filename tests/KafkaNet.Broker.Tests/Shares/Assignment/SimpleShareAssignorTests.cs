using KafkaNet.Broker.Shares.Assignment;
using static KafkaNet.Broker.Tests.Shares.Assignment.AssignmentText;

namespace KafkaNet.Broker.Tests.Shares.Assignment;

public sealed class SimpleShareAssignorTests
{
    private static IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> Assign(
        ShareAssignorMember[] members, ShareAssignableTopic[] topics,
        IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>>? current = null) =>
        SimpleShareAssignor.Assign(members, topics, current ?? NoCurrent);

    [Fact]
    public void No_members_gives_an_empty_assignment()
    {
        Assert.Empty(Assign([], [Topic("a", 3)]));
    }

    [Fact]
    public void Subscriptions_to_missing_topics_give_members_nothing()
    {
        var assignment = Assign([Member("m1", "ghost"), Member("m2", "ghost")], [Topic("a", 3)]);

        Assert.Equal("m1: | m2:", Text(assignment));
    }

    [Fact]
    public void One_member_gets_every_partition()
    {
        Assert.Equal("m1: a-0 a-1 a-2", Text(Assign([Member("m1", "a")], [Topic("a", 3)])));
    }

    [Fact]
    public void Fewer_members_than_partitions_split_them_evenly_without_sharing()
    {
        var assignment = Assign([Member("m1", "a"), Member("m2", "a"), Member("m3", "a")], [Topic("a", 7)]);

        Assert.Equal([2, 2, 3], assignment.Values.Select(p => p.Count).Order());
        Assert.All(SharingOf(assignment).Values, count => Assert.Equal(1, count));
        Assert.Equal(7, SharingOf(assignment).Count);
    }

    [Fact]
    public void As_many_members_as_partitions_give_one_partition_each()
    {
        var assignment = Assign([Member("m1", "a"), Member("m2", "a"), Member("m3", "a")], [Topic("a", 3)]);

        Assert.All(assignment.Values, p => Assert.Single(p));
        Assert.Equal(3, SharingOf(assignment).Count);
    }

    [Fact]
    public void More_members_than_partitions_still_give_every_member_work()
    {
        var members = Enumerable.Range(1, 5).Select(i => Member($"m{i}", "a")).ToArray();

        var assignment = Assign(members, [Topic("a", 2)]);

        // ceil(5 / 2) = 3 members per partition: 6 slots over 5 members.
        Assert.All(assignment.Values, p => Assert.NotEmpty(p));
        Assert.Equal([1, 1, 1, 1, 2], assignment.Values.Select(p => p.Count).Order());
        Assert.All(SharingOf(assignment).Values, count => Assert.Equal(3, count));
    }

    [Fact]
    public void A_single_partition_goes_to_every_member()
    {
        var assignment = Assign([Member("m1", "a"), Member("m2", "a"), Member("m3", "a")], [Topic("a", 1)]);

        Assert.Equal("m1: a-0 | m2: a-0 | m3: a-0", Text(assignment));
    }

    [Fact]
    public void Partitions_of_several_topics_are_spread_together()
    {
        var assignment = Assign([Member("m1", "a", "b"), Member("m2", "a", "b")], [Topic("a", 3), Topic("b", 3)]);

        Assert.Equal([3, 3], assignment.Values.Select(p => p.Count));
        Assert.Equal(6, SharingOf(assignment).Count);
    }

    [Fact]
    public void Members_only_get_the_topics_they_subscribe_to()
    {
        var assignment = Assign(
            [Member("m1", "a"), Member("m2", "a", "b"), Member("m3", "b")],
            [Topic("a", 2), Topic("b", 2), Topic("c", 4)]);

        Assert.All(assignment["m1"], tp => Assert.Equal(TopicId("a"), tp.TopicId));
        Assert.All(assignment["m3"], tp => Assert.Equal(TopicId("b"), tp.TopicId));
        Assert.Equal(4, SharingOf(assignment).Count);
        Assert.DoesNotContain(SharingOf(assignment).Keys, tp => tp.TopicId == TopicId("c"));
    }

    [Fact]
    public void A_topic_with_one_subscriber_goes_wholly_to_it()
    {
        var assignment = Assign([Member("m1", "a"), Member("m2", "a", "b")], [Topic("a", 1), Topic("b", 4)]);

        Assert.Equal("m1: a-0 | m2: a-0 b-0 b-1 b-2 b-3", Text(assignment));
    }

    [Fact]
    public void A_balanced_assignment_is_kept_as_it_is()
    {
        var topics = new[] { Topic("a", 4) };
        var members = new[] { Member("m1", "a"), Member("m2", "a") };
        var current = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 1), Tp("a", 3) },
            ["m2"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("a", 2) },
        };

        Assert.Equal("m1: a-1 a-3 | m2: a-0 a-2", Text(Assign(members, topics, current)));
    }

    [Fact]
    public void A_joining_member_takes_only_what_balance_needs()
    {
        var topics = new[] { Topic("a", 6) };
        var current = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("a", 1), Tp("a", 2) },
            ["m2"] = new HashSet<ShareTopicPartition> { Tp("a", 3), Tp("a", 4), Tp("a", 5) },
        };

        var assignment = Assign([Member("m1", "a"), Member("m2", "a"), Member("m3", "a")], topics, current);

        Assert.Equal([2, 2, 2], assignment.Values.Select(p => p.Count));
        Assert.Subset(current["m1"].ToHashSet(), assignment["m1"].ToHashSet());
        Assert.Subset(current["m2"].ToHashSet(), assignment["m2"].ToHashSet());
        Assert.Equal(6, SharingOf(assignment).Count);
    }

    [Fact]
    public void A_leaving_member_s_partitions_go_to_the_others_who_keep_theirs()
    {
        var topics = new[] { Topic("a", 6) };
        var current = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("a", 1) },
            ["m2"] = new HashSet<ShareTopicPartition> { Tp("a", 2), Tp("a", 3) },
            ["m3"] = new HashSet<ShareTopicPartition> { Tp("a", 4), Tp("a", 5) },
        };

        var assignment = Assign([Member("m1", "a"), Member("m2", "a")], topics, current);

        Assert.Equal([3, 3], assignment.Values.Select(p => p.Count));
        Assert.Subset(assignment["m1"].ToHashSet(), current["m1"].ToHashSet());
        Assert.Subset(assignment["m2"].ToHashSet(), current["m2"].ToHashSet());
        Assert.Equal(6, SharingOf(assignment).Count);
    }

    [Fact]
    public void Members_joining_a_shared_partition_set_stop_the_sharing_once_partitions_suffice()
    {
        var topics = new[] { Topic("a", 2) };
        var everyoneEverything = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("a", 1) },
            ["m2"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("a", 1) },
        };

        var assignment = Assign([Member("m1", "a"), Member("m2", "a")], topics, everyoneEverything);

        Assert.All(assignment.Values, p => Assert.Single(p));
        Assert.Equal(2, SharingOf(assignment).Count);
    }

    [Fact]
    public void Partitions_of_an_unsubscribed_or_deleted_topic_are_dropped()
    {
        var current = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 0), Tp("b", 0), Tp("gone", 0) },
        };

        var assignment = Assign([Member("m1", "a")], [Topic("a", 1), Topic("b", 1)], current);

        Assert.Equal("m1: a-0", Text(assignment));
    }

    [Fact]
    public void Added_partitions_are_assigned_and_the_old_ones_stay()
    {
        var current = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>
        {
            ["m1"] = new HashSet<ShareTopicPartition> { Tp("a", 0) },
            ["m2"] = new HashSet<ShareTopicPartition> { Tp("a", 1) },
        };

        var assignment = Assign([Member("m1", "a"), Member("m2", "a")], [Topic("a", 4)], current);

        Assert.Contains(Tp("a", 0), assignment["m1"]);
        Assert.Contains(Tp("a", 1), assignment["m2"]);
        Assert.Equal([2, 2], assignment.Values.Select(p => p.Count));
    }

    [Fact]
    public void A_member_of_two_topics_takes_its_share_of_each()
    {
        var assignment = Assign([Member("m1", "a"), Member("m2", "b"), Member("m3", "a", "b")], [Topic("a", 4), Topic("b", 4)]);

        Assert.Equal(2, assignment["m3"].Count(tp => tp.TopicId == TopicId("a")));
        Assert.Equal(2, assignment["m3"].Count(tp => tp.TopicId == TopicId("b")));
        Assert.Equal([2, 2, 4], assignment.Values.Select(p => p.Count).Order());
        Assert.All(SharingOf(assignment).Values, held => Assert.Equal(1, held));
    }

    [Fact]
    public void Alike_subscriptions_share_partitions_across_all_topics_together()
    {
        var members = Enumerable.Range(1, 4).Select(i => Member($"m{i}", "a", "b")).ToArray();

        var assignment = Assign(members, [Topic("a", 3), Topic("b", 1)]);

        // Four partitions for four members: one each, even though topic b alone has fewer partitions than members.
        Assert.All(assignment.Values, p => Assert.Single(p));
        Assert.Equal(4, SharingOf(assignment).Count);
    }
}
