using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Static membership (KIP-345): a member restarted with its group.instance.id inside the session timeout causes no rebalance.</summary>
[Collection(BrokerCollection.Name)]
public sealed class StaticMembershipTests(BrokerFixture broker)
{
    private const int Partitions = 6;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    private static ConsumerConfig StaticConfig(BrokerFixture broker, string group, string instance)
    {
        // Eager (range) makes any rebalance visible: every member's revoke callback runs.
        var config = GroupClients.Classic(broker.Bootstrap, group);
        config.GroupInstanceId = instance;
        config.SessionTimeoutMs = 30000;
        return config;
    }

    [Fact]
    public async Task A_static_member_restarted_within_its_session_timeout_gets_its_partitions_back_without_a_rebalance()
    {
        string topic = await broker.CreateTopicAsync("static", Partitions);
        string group = GroupClients.NewGroupId("static");
        var a = new GroupMember(StaticConfig(broker, group, "instance-a")).Subscribe(topic);
        using var b = new GroupMember(StaticConfig(broker, group, "instance-b")).Subscribe(topic);
        using var c = new GroupMember(StaticConfig(broker, group, "instance-c")).Subscribe(topic);
        GroupMember[] all = [a, b, c];
        Assert.True(GroupClients.PollUntil(all, () => GroupClients.SplitExactly(all, topic, Partitions) && all.All(m => m.Owned.Count == 2), Within), "no stable three-way split");
        GroupClients.PollFor(all, TimeSpan.FromSeconds(2));
        Assert.True(GroupClients.SplitExactly(all, topic, Partitions));

        using var admin = broker.Admin();
        var before = await GroupClients.DescribeAsync(admin, group);
        Assert.Equal(ConsumerGroupState.Stable, before.State);
        Assert.Equal(["instance-a", "instance-b", "instance-c"], before.Members.Select(m => m.GroupInstanceId).Order());
        var aPartitions = a.Owned;
        string aMemberId = a.MemberId;
        int[] callbacks = [b.AssignedCalls, b.RevokedCalls, c.AssignedCalls, c.RevokedCalls];

        // A static member's close sends no LeaveGroup: the group keeps its place until the session times out.
        a.Close();
        a.Dispose();
        GroupClients.PollFor([b, c], TimeSpan.FromSeconds(2));
        using var restarted = new GroupMember(StaticConfig(broker, group, "instance-a")).Subscribe(topic);
        GroupMember[] now = [restarted, b, c];
        Assert.True(GroupClients.PollUntil(now, () => restarted.Owned.Count > 0, Within), "the restarted member got nothing");
        GroupClients.PollFor(now, TimeSpan.FromSeconds(4));

        Assert.Equal(aPartitions, restarted.Owned);
        Assert.Equal(callbacks, new[] { b.AssignedCalls, b.RevokedCalls, c.AssignedCalls, c.RevokedCalls });
        Assert.True(GroupClients.SplitExactly(now, topic, Partitions));
        var after = await GroupClients.DescribeAsync(admin, group);
        Assert.Equal(ConsumerGroupState.Stable, after.State);
        Assert.Equal(["instance-a", "instance-b", "instance-c"], after.Members.Select(m => m.GroupInstanceId).Order());
        // The returning instance gets a new member id, which fences the old incarnation.
        var returned = Assert.Single(after.Members, m => m.GroupInstanceId == "instance-a");
        Assert.Equal(restarted.MemberId, returned.ConsumerId);
        Assert.NotEqual(aMemberId, returned.ConsumerId);
        Assert.Equal(aPartitions, returned.Assignment.TopicPartitions.ToHashSet());
        foreach (var member in now)
        {
            member.Close();
        }
    }

    [Fact]
    public async Task A_second_consumer_with_the_same_instance_id_fences_the_first()
    {
        string topic = await broker.CreateTopicAsync("static-fenced", 2);
        string group = GroupClients.NewGroupId("fenced");
        using var first = new GroupMember(StaticConfig(broker, group, "instance-x")).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([first], () => first.Owned.Count == 2, Within), "the first member never joined");

        using var second = new GroupMember(StaticConfig(broker, group, "instance-x")).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(
            GroupClients.PollUntil(both, () => second.Owned.Count == 2 && first.Errors.Any(Fenced), Within),
            $"second owns {second.Owned.Count}; first's errors: {string.Join(", ", first.Errors.Select(e => e.Code + " " + e.Reason))}");
        Assert.Contains(first.Errors, e => e.IsFatal);
        second.Close();
    }

    /// <summary>FENCED_INSTANCE_ID, which librdkafka raises as a fatal error naming it.</summary>
    private static bool Fenced(Error error) =>
        error.Code == ErrorCode.FencedInstanceId || (error.IsFatal && error.Reason.Contains("fenced", StringComparison.OrdinalIgnoreCase));
}
