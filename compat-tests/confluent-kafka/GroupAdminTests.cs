using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>The admin client's group operations: list, describe, delete groups, alter and delete committed offsets.</summary>
[Collection(BrokerCollection.Name)]
public sealed class GroupAdminTests(BrokerFixture broker)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task List_and_describe_show_state_protocol_members_and_their_assignments()
    {
        string topic = await broker.CreateTopicAsync("admin-describe", partitions: 4);
        string group = GroupClients.NewGroupId("described");
        var config = GroupClients.Classic(broker.Bootstrap, group);
        config.ClientId = "describe-client";
        using var first = new GroupMember(config).Subscribe(topic);
        using var second = new GroupMember(config).Subscribe(topic);
        GroupMember[] both = [first, second];
        Assert.True(GroupClients.PollUntil(both, () => GroupClients.SplitExactly(both, topic, 4) && first.Owned.Count == 2, Within), "no even split");

        using var admin = broker.Admin();
        var listed = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = GroupClients.AdminTimeout });
        var listing = Assert.Single(listed.Valid, g => g.GroupId == group);
        Assert.Equal(ConsumerGroupState.Stable, listing.State);
        Assert.Equal(ConsumerGroupType.Classic, listing.Type);
        Assert.False(listing.IsSimpleConsumerGroup);
        var emptyOnly = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions
        {
            MatchStates = [ConsumerGroupState.Empty],
            RequestTimeout = GroupClients.AdminTimeout,
        });
        Assert.DoesNotContain(emptyOnly.Valid, g => g.GroupId == group);

        var description = await GroupClients.DescribeAsync(admin, group);
        Assert.False(description.Error.IsError, description.Error.Reason);
        Assert.Equal(ConsumerGroupState.Stable, description.State);
        Assert.Equal("range", description.PartitionAssignor);
        Assert.Equal(ConsumerGroupType.Classic, description.GroupType);
        Assert.Equal(1, description.Coordinator.Id);
        Assert.Equal(2, description.Members.Count);
        foreach (var member in both)
        {
            var described = Assert.Single(description.Members, m => m.ConsumerId == member.MemberId);
            Assert.Equal("describe-client", described.ClientId);
            Assert.Contains("127.0.0.1", described.Host);
            Assert.Null(described.GroupInstanceId);
            Assert.Equal(member.Owned, described.Assignment.TopicPartitions.ToHashSet());
        }

        // The legacy DescribeGroups view: protocol type and the chosen protocol.
        var info = admin.ListGroup(group, GroupClients.AdminTimeout);
        Assert.Equal("consumer", info.ProtocolType);
        Assert.Equal("range", info.Protocol);
        Assert.Equal("Stable", info.State);
        Assert.Equal(both.Select(m => m.MemberId).Order(), info.Members.Select(m => m.MemberId).Order());
        Assert.All(info.Members, m => Assert.NotEmpty(m.MemberAssignment));
        first.Close();
        second.Close();
    }

    [Fact]
    public async Task DeleteConsumerGroups_fails_with_NonEmptyGroup_while_a_member_is_in_and_succeeds_after_it_leaves()
    {
        string topic = await broker.CreateTopicAsync("admin-delete", partitions: 1);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 1, 5);
        string group = GroupClients.NewGroupId("deleted");
        using var admin = broker.Admin();
        using var member = new GroupMember(GroupClients.Classic(broker.Bootstrap, group)).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 5, Within), "nothing consumed");
        member.Consumer.Commit(member.Received[^1]);

        var refused = await Assert.ThrowsAsync<DeleteGroupsException>(() => DeleteAsync(admin, group));
        Assert.Equal(ErrorCode.NonEmptyGroup, Assert.Single(refused.Results).Error.Code);
        Assert.Equal(5, (await GroupClients.AdminCommittedAsync(admin, group, topic, 1))[0]);

        member.Close();
        Assert.Equal(ConsumerGroupState.Empty, (await GroupClients.DescribeAsync(admin, group)).State);
        await DeleteAsync(admin, group);

        var listed = await admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = GroupClients.AdminTimeout });
        Assert.DoesNotContain(listed.Valid, g => g.GroupId == group);
        Assert.Equal(Offset.Unset.Value, (await GroupClients.AdminCommittedAsync(admin, group, topic, 1))[0]);
        var again = await Assert.ThrowsAsync<DeleteGroupsException>(() => DeleteAsync(admin, group));
        Assert.Equal(ErrorCode.GroupIdNotFound, Assert.Single(again.Results).Error.Code);
    }

    [Fact]
    public async Task AlterConsumerGroupOffsets_sets_where_a_new_member_starts_and_is_refused_while_members_are_in()
    {
        string topic = await broker.CreateTopicAsync("admin-alter", partitions: 2);
        GroupClients.ProduceNumbered(broker.Bootstrap, topic, 2, 20);
        string group = GroupClients.NewGroupId("altered");
        using var admin = broker.Admin();
        var altered = await admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset(topic, 1, 8)])],
            new AlterConsumerGroupOffsetsOptions { RequestTimeout = GroupClients.AdminTimeout });
        Assert.All(Assert.Single(altered).Partitions, p => Assert.False(p.Error.IsError, p.Error.Reason));
        Assert.Equal(new Dictionary<int, long> { [0] = 3, [1] = 8 }, await GroupClients.AdminCommittedAsync(admin, group, topic, 2));

        using var member = new GroupMember(GroupClients.Classic(broker.Bootstrap, group)).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([member], () => member.Received.Count >= 9, Within), $"received {member.Received.Count} of 9");
        Assert.Equal(3, member.Received.Where(r => r.Partition == 0).Min(r => r.Offset.Value));
        Assert.Equal(8, member.Received.Where(r => r.Partition == 1).Min(r => r.Offset.Value));
        Assert.Equal(9, member.Received.Count);

        // An admin commit carries no member id: Kafka refuses it for a group that has members.
        var refused = await Assert.ThrowsAsync<AlterConsumerGroupOffsetsException>(() => admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 0)])],
            new AlterConsumerGroupOffsetsOptions { RequestTimeout = GroupClients.AdminTimeout }));
        var report = Assert.Single(refused.Results);
        Assert.Contains(ErrorCode.UnknownMemberId, report.Partitions.Select(p => p.Error.Code).Append(report.Error.Code));
        Assert.Equal(3, (await GroupClients.AdminCommittedAsync(admin, group, topic, 2))[0]);
        member.Close();
    }

    [Fact]
    public async Task DeleteConsumerGroupOffsets_removes_one_partition_and_is_refused_for_a_subscribed_topic()
    {
        string topic = await broker.CreateTopicAsync("admin-offsets", partitions: 2);
        string group = GroupClients.NewGroupId("offsets");
        using var admin = broker.Admin();
        await admin.AlterConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitionOffsets(group, [new TopicPartitionOffset(topic, 0, 5), new TopicPartitionOffset(topic, 1, 7)])],
            new AlterConsumerGroupOffsetsOptions { RequestTimeout = GroupClients.AdminTimeout });

        var deleted = await admin.DeleteConsumerGroupOffsetsAsync(group, [new TopicPartition(topic, 0)], new DeleteConsumerGroupOffsetsOptions { RequestTimeout = GroupClients.AdminTimeout });
        Assert.Equal(group, deleted.Group);
        Assert.Equal(new TopicPartition(topic, 0), Assert.Single(deleted.Partitions));
        Assert.Equal(new Dictionary<int, long> { [0] = Offset.Unset.Value, [1] = 7 }, await GroupClients.AdminCommittedAsync(admin, group, topic, 2));

        // While a member is subscribed to the topic its offsets cannot be deleted.
        using var member = new GroupMember(GroupClients.Classic(broker.Bootstrap, group)).Subscribe(topic);
        Assert.True(GroupClients.PollUntil([member], () => member.Owned.Count == 2, Within), "the member never joined");
        var refused = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(() => admin.DeleteConsumerGroupOffsetsAsync(
            group, [new TopicPartition(topic, 1)], new DeleteConsumerGroupOffsetsOptions { RequestTimeout = GroupClients.AdminTimeout }));
        Assert.Equal(ErrorCode.GroupSubscribedToTopic, Assert.Single(refused.Result.Partitions).Error.Code);
        Assert.Equal(7, (await GroupClients.AdminCommittedAsync(admin, group, topic, 2))[1]);
        member.Close();
    }

    private static Task DeleteAsync(IAdminClient admin, string group) =>
        admin.DeleteGroupsAsync([group], new DeleteGroupsOptions { RequestTimeout = GroupClients.AdminTimeout });
}
