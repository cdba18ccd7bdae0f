using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Rebalances between two classic members: incremental (cooperative-sticky) and eager (range).</summary>
[Collection(BrokerCollection.Name)]
public sealed class GroupRebalanceTests(BrokerFixture broker)
{
    private const int Partitions = 6;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Cooperative_sticky_moves_only_the_partitions_that_change_owner()
    {
        string topic = await broker.CreateTopicAsync("coop", Partitions);
        var config = GroupClients.Classic(broker.Bootstrap, GroupClients.NewGroupId("coop"), PartitionAssignmentStrategy.CooperativeSticky);
        using var first = new GroupMember(config).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([first], () => first.Owned.Count == Partitions, Within), "the first member never owned the whole topic");
        Assert.Empty(first.RevokedPartitions);

        using var second = new GroupMember(config).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(
            GroupClients.PollUntil(both, () => GroupClients.SplitExactly(both, topic, Partitions) && first.Owned.Count == Partitions / 2, Within),
            $"no even split: first {first.Owned.Count}, second {second.Owned.Count}");
        GroupClients.PollFor(both, TimeSpan.FromSeconds(2));
        Assert.True(GroupClients.SplitExactly(both, topic, Partitions));

        // Incremental: the first member gave up exactly what the second received and kept the rest throughout.
        Assert.Equal(second.Owned, first.RevokedPartitions.ToHashSet());
        Assert.Equal(Partitions / 2, first.RevokedPartitions.Count);
        Assert.Equal(Partitions, first.AssignedPartitions.Count);
        Assert.Equal(second.Owned, second.AssignedPartitions.ToHashSet());
        Assert.Equal(Partitions / 2, second.AssignedPartitions.Count);

        var movedBack = second.Owned;
        second.Close();
        Assert.Equal(movedBack, second.RevokedPartitions.ToHashSet());
        Assert.True(GroupClients.PollUntil([first], () => first.Owned.Count == Partitions, Within), $"the remaining member owns {first.Owned.Count}");
        // Taking the partitions back revoked nothing more from the remaining member.
        Assert.Equal(Partitions / 2, first.RevokedPartitions.Count);
        Assert.Equal(movedBack, first.AssignedPartitions.Skip(Partitions).ToHashSet());
        first.Close();
    }

    [Fact]
    public async Task Eager_range_revokes_everything_then_splits_the_topic()
    {
        string topic = await broker.CreateTopicAsync("eager", Partitions);
        var config = GroupClients.Classic(broker.Bootstrap, GroupClients.NewGroupId("eager"));
        using var first = new GroupMember(config).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([first], () => first.Owned.Count == Partitions, Within), "the first member never owned the whole topic");

        using var second = new GroupMember(config).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(
            GroupClients.PollUntil(both, () => GroupClients.SplitExactly(both, topic, Partitions) && second.Owned.Count == Partitions / 2, Within),
            $"no even split: first {first.Owned.Count}, second {second.Owned.Count}");
        // Eager: the whole previous assignment is revoked before the new one is handed out.
        Assert.Equal(Partitions, first.RevokedPartitions.Count);
        Assert.Equal(1, first.RevokedCalls);
        Assert.Equal(2, first.AssignedCalls);
        // range gives each member a contiguous half.
        var halves = new[] { first.Owned, second.Owned }.Select(o => o.Select(p => p.Partition.Value).Order().ToArray()).OrderBy(a => a[0]).ToArray();
        Assert.Equal([0, 1, 2], halves[0]);
        Assert.Equal([3, 4, 5], halves[1]);
        first.Close();
        second.Close();
    }
}
