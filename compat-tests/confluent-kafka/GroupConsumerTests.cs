using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Subscribe with one member: everything arrives, callbacks fire, manual and automatic commits are stored.</summary>
[Collection(BrokerCollection.Name)]
public sealed class GroupConsumerTests(BrokerFixture broker)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task One_subscribed_member_receives_every_record_and_sees_assign_on_join_and_revoke_on_close()
    {
        string topic = await broker.CreateTopicAsync("group-one", partitions: 3);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 3, 30);
        using var member = new GroupMember(GroupClients.Classic(broker.Bootstrap, GroupClients.NewGroupId("one"))).Subscribe(topic);

        Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 30, Within), $"received {member.Received.Count} of 30");

        Assert.Equal(Enumerable.Range(0, 30).Select(n => n.ToString()).Order(), member.Received.Select(r => r.Message.Value).Order());
        var all = Enumerable.Range(0, 3).Select(p => new TopicPartition(topic, p)).ToHashSet();
        Assert.Equal(1, member.AssignedCalls);
        Assert.Equal(all, member.AssignedPartitions.ToHashSet());
        Assert.Equal(all, member.Owned);
        Assert.Equal(0, member.RevokedCalls);

        member.Close();
        Assert.Equal(1, member.RevokedCalls);
        Assert.Equal(all, member.RevokedPartitions.ToHashSet());
        Assert.Empty(member.Owned);
        Assert.Equal(0, member.LostCalls);
    }

    [Fact]
    public async Task A_manual_commit_is_what_Committed_and_ListConsumerGroupOffsets_report_and_where_the_next_member_starts()
    {
        string topic = await broker.CreateTopicAsync("group-manual", partitions: 3);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 2, 20); // partitions 0 and 1 get 10 each, 2 stays empty
        string group = GroupClients.NewGroupId("manual");
        var p0 = new TopicPartition(topic, 0);
        var p1 = new TopicPartition(topic, 1);
        var p2 = new TopicPartition(topic, 2);
        using (var member = new GroupMember(GroupClients.Classic(broker.Bootstrap, group)).Subscribe(topic))
        {
            Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 20, Within), $"received {member.Received.Count} of 20");
            // Commit(result) stores the offset after the record: the next one to read.
            member.Consumer.Commit(member.Received.Single(r => r.TopicPartition == p0 && r.Offset == 3));
            member.Consumer.Commit(member.Received.Single(r => r.TopicPartition == p1 && r.Offset == 9));

            var committed = member.Consumer.Committed([p0, p1, p2], TimeSpan.FromSeconds(10));
            Assert.Equal([4L, 10L, Offset.Unset.Value], committed.OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value));

            using var admin = broker.Admin();
            var byAdmin = await GroupClients.AdminCommittedAsync(admin, group, topic, 3);
            Assert.Equal(committed.ToDictionary(c => c.Partition.Value, c => c.Offset.Value), byAdmin);
            member.Close();
        }

        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 2, 2, first: 20); // one more record on each of 0 and 1
        using var next = new GroupMember(GroupClients.Classic(broker.Bootstrap, group)).Subscribe(topic);
        // 6 left on partition 0 (offsets 4..9) and the new one, the new one on partition 1.
        Assert.True(GroupClients.PollUntil([next], () => next.Received.Count >= 8, Within), $"received {next.Received.Count} of 8");
        GroupClients.PollFor([next], TimeSpan.FromSeconds(1));
        var received = next.Received;
        Assert.Equal([4L, 5, 6, 7, 8, 9, 10], received.Where(r => r.TopicPartition == p0).Select(r => r.Offset.Value));
        Assert.Equal([10L], received.Where(r => r.TopicPartition == p1).Select(r => r.Offset.Value));
        Assert.Equal(8, received.Count);
        next.Close();
    }

    [Fact]
    public async Task Auto_commit_stores_the_consumed_position_and_close_commits_the_rest()
    {
        string topic = await broker.CreateTopicAsync("group-auto", partitions: 2);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 2, 20);
        string group = GroupClients.NewGroupId("auto");
        var config = GroupClients.Classic(broker.Bootstrap, group);
        config.EnableAutoCommit = true;
        config.AutoCommitIntervalMs = 200;
        var partitions = new[] { new TopicPartition(topic, 0), new TopicPartition(topic, 1) };
        using (var member = new GroupMember(config).Subscribe(topic))
        {
            Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 20, Within), $"received {member.Received.Count} of 20");
            // The interval commit arrives without any explicit Commit call.
            bool committed = GroupClients.PollUntil(
                [member],
                () => member.Consumer.Committed(partitions, TimeSpan.FromSeconds(10)).All(c => c.Offset == 10),
                TimeSpan.FromSeconds(15));
            Assert.True(committed, "auto commit did not store offset 10 on both partitions");
            member.Close();
        }

        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 2, 4, first: 20);
        using (var member = new GroupMember(config).Subscribe(topic))
        {
            Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 4, Within), $"received {member.Received.Count} of 4");
            Assert.All(member.Received, r => Assert.InRange(r.Offset.Value, 10, 11));
            member.Close(); // commits the consumed position before leaving
        }
        using var admin = broker.Admin();
        var byAdmin = await GroupClients.AdminCommittedAsync(admin, group, topic, 2);
        Assert.Equal(new Dictionary<int, long> { [0] = 12, [1] = 12 }, byAdmin);
    }
}
