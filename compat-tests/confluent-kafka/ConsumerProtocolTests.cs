using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>The KIP-848 consumer group protocol (group.protocol=consumer): server-side assignment through ConsumerGroupHeartbeat.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ConsumerProtocolTests(BrokerFixture broker)
{
    private const int Partitions = 4;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_member_subscribes_and_receives_everything()
    {
        string topic = await broker.CreateTopicAsync("kip848-one", Partitions);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, Partitions, 40);
        string group = GroupClients.NewGroupId("kip848-one");
        using var member = new GroupMember(GroupClients.Kip848(broker.Bootstrap, group)).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 40, Within), $"received {member.Received.Count} of 40");
        Assert.Equal(Enumerable.Range(0, 40).Select(n => n.ToString()).Order(), member.Received.Select(r => r.Message.Value).Order());
        Assert.Equal(Partitions, member.Owned.Count);

        using var admin = broker.Admin();
        var description = await GroupClients.DescribeAsync(admin, group);
        Assert.Equal(ConsumerGroupType.Consumer, description.GroupType);
        Assert.Equal(ConsumerGroupState.Stable, description.State);
        var described = Assert.Single(description.Members);
        Assert.Equal(member.MemberId, described.ConsumerId);
        Assert.Equal(member.Owned, described.Assignment.TopicPartitions.ToHashSet());
        member.Close();
        Assert.Equal(Partitions, member.RevokedPartitions.Count);
    }

    [Fact]
    public async Task Two_members_split_the_topic_and_the_partitions_of_one_that_leaves_move_with_their_commits()
    {
        string topic = await broker.CreateTopicAsync("kip848-split", Partitions);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, Partitions, 40); // offsets 0..9 on every partition
        string group = GroupClients.NewGroupId("kip848-split");
        using var first = new GroupMember(GroupClients.Kip848(broker.Bootstrap, group)).Subscribe(topic);
        using var second = new GroupMember(GroupClients.Kip848(broker.Bootstrap, group)).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(
            GroupClients.PollUntil(both, () => GroupClients.SplitExactly(both, topic, Partitions) && first.Owned.Count == Partitions / 2, Within),
            $"no even split: first {first.Owned.Count}, second {second.Owned.Count}");
        // A partition may have moved once while the second member joined; its new owner reads it from the start.
        Assert.True(GroupClients.PollUntil(both, () => both.All(ReadToTheEnd), Within), "the owners did not read their partitions to offset 9");

        // Each member commits what it read of the partitions it owns now.
        foreach (var member in both)
        {
            var owned = member.Owned;
            var last = member.Received.Where(r => owned.Contains(r.TopicPartition)).GroupBy(r => r.TopicPartition).Select(g => g.MaxBy(r => r.Offset.Value)!);
            member.Consumer.Commit(last.Select(r => new TopicPartitionOffset(r.TopicPartition, r.Offset + 1)));
        }
        using var admin = broker.Admin();
        Assert.All((await GroupClients.AdminCommittedAsync(admin, group, topic, Partitions)).Values, offset => Assert.Equal(10, offset));

        var moving = first.Owned;
        int revokedBefore = first.RevokedPartitions.Count;
        int assignedBefore = second.AssignedPartitions.Count;
        first.Close();
        Assert.Equal(moving, first.RevokedPartitions.Skip(revokedBefore).ToHashSet());
        Assert.True(GroupClients.PollUntil([second], () => second.Owned.Count == Partitions, Within), $"the remaining member owns {second.Owned.Count}");
        Assert.Equal(moving, second.AssignedPartitions.Skip(assignedBefore).ToHashSet());

        // The moved partitions resume at the first member's commits: only the new records arrive.
        int before = second.Received.Count;
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, Partitions, 8, first: 40); // offsets 10 and 11 everywhere
        Assert.True(GroupClients.PollUntil([second], () => second.Received.Count >= before + 8, Within), "the new records did not arrive");
        GroupClients.PollFor([second], TimeSpan.FromSeconds(1));
        var fresh = second.Received.Skip(before).ToList();
        Assert.Equal(8, fresh.Count);
        Assert.All(fresh, r => Assert.InRange(r.Offset.Value, 10, 11));

        var description = await GroupClients.DescribeAsync(admin, group);
        Assert.Equal(second.MemberId, Assert.Single(description.Members).ConsumerId);
        second.Close();
    }

    /// <summary>The member has read offset 9, the last of the first 40 records, on every partition it owns.</summary>
    private static bool ReadToTheEnd(GroupMember member)
    {
        var read = member.Received.Where(r => r.Offset == 9).Select(r => r.TopicPartition).ToHashSet();
        return member.Owned.All(read.Contains);
    }

    [Fact]
    public async Task A_static_member_restarted_within_its_session_timeout_keeps_its_partitions_and_the_others_see_no_change()
    {
        string topic = await broker.CreateTopicAsync("kip848-static", Partitions);
        string group = GroupClients.NewGroupId("kip848-static");
        ConsumerConfig StaticConfig(string instance)
        {
            var config = GroupClients.Kip848(broker.Bootstrap, group);
            config.GroupInstanceId = instance;
            return config;
        }
        var first = new GroupMember(StaticConfig("instance-1")).Subscribe(topic);
        using var second = new GroupMember(StaticConfig("instance-2")).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(
            GroupClients.PollUntil(both, () => GroupClients.SplitExactly(both, topic, Partitions) && first.Owned.Count == Partitions / 2, Within),
            $"no even split: first {first.Owned.Count}, second {second.Owned.Count}");
        GroupClients.PollFor(both, TimeSpan.FromSeconds(2));
        var firstPartitions = first.Owned;
        int[] callbacks = [second.AssignedPartitions.Count, second.RevokedPartitions.Count];

        // A static member leaves with epoch -2: its partitions wait for it until the session times out (10 s here).
        var sinceLeave = Stopwatch.StartNew();
        first.Close();
        first.Dispose();
        GroupClients.PollFor([second], TimeSpan.FromSeconds(2));
        using var restarted = new GroupMember(StaticConfig("instance-1")).Subscribe(topic);
        GroupMember[] now = [restarted, second];
        Assert.True(GroupClients.PollUntil(now, () => restarted.Owned.Count == Partitions / 2, Within), $"the restarted member owns {restarted.Owned.Count}");
        // Held for the instance, not freed by the session expiring (10 s) and handed out again.
        Assert.True(sinceLeave.Elapsed < TimeSpan.FromSeconds(10), $"the partitions came back after {sinceLeave.Elapsed}");
        GroupClients.PollFor(now, TimeSpan.FromSeconds(3));

        Assert.Equal(firstPartitions, restarted.Owned);
        Assert.Equal(callbacks, new[] { second.AssignedPartitions.Count, second.RevokedPartitions.Count });
        using var admin = broker.Admin();
        var description = await GroupClients.DescribeAsync(admin, group);
        Assert.Equal(["instance-1", "instance-2"], description.Members.Select(m => m.GroupInstanceId).Order());
        restarted.Close();
        second.Close();
    }
}
