using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Consumer.ConsumerGroupDriver;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>The consumer group state machine driven by ConsumerGroupHeartbeat, as Kafka answers it.</summary>
public sealed class ConsumerGroupHeartbeatTests
{
    private const string Group = "heartbeats";

    [Fact]
    public async Task A_first_member_gets_every_partition_at_epoch_one()
    {
        await using var driver = await StartAsync();
        var topic = driver.CreateTopic("orders", 4);

        var response = await driver.SendAsync(Join(Group, "a", "orders"));

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(1, response.MemberEpoch);
        Assert.Equal(5000, response.HeartbeatIntervalMs);
        Assert.Equal(Assignment.Create(topic, 0, 1, 2, 3), driver.Owned["a"]);
        var described = driver.Describe(Group);
        Assert.Equal(("Stable", 1, 1, "uniform"), (described.GroupState, described.GroupEpoch, described.AssignmentEpoch, described.AssignorName));
    }

    [Fact]
    public async Task A_joining_member_gets_partitions_only_after_the_owner_revoked_them()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 4);
        await driver.SendAsync(Join(Group, "a", "orders"));

        var joined = await driver.SendAsync(Join(Group, "b", "orders"));
        Assert.Equal(2, joined.MemberEpoch);
        Assert.True(driver.Owned["b"].IsEmpty); // still owned by a
        driver.AssertNoPartitionOwnedTwice();

        var revoke = await driver.SendAsync(driver.Beat(Group, "a"));
        Assert.Equal(1, revoke.MemberEpoch); // stays at its epoch until it acknowledges
        Assert.Equal(2, driver.Owned["a"].PartitionCount);
        Assert.Equal("Reconciling", driver.Describe(Group).GroupState);

        await driver.SettleAsync(Group, "a", "b");
        Assert.Equal((2, 2), (driver.Epochs["a"], driver.Epochs["b"]));
        Assert.Equal((2, 2), (driver.Owned["a"].PartitionCount, driver.Owned["b"].PartitionCount));
        Assert.Equal("Stable", driver.Describe(Group).GroupState);
    }

    [Fact]
    public async Task A_member_leaving_with_epoch_minus_one_hands_its_partitions_over()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 6);
        await driver.SendAsync(Join(Group, "a", "orders"));
        await driver.SendAsync(Join(Group, "b", "orders"));
        await driver.SettleAsync(Group, "a", "b");
        int epochBefore = driver.Describe(Group).GroupEpoch;

        var left = await driver.SendAsync(driver.Beat(Group, "b", epoch: ConsumerGroupCoordinator.LeaveEpoch));
        driver.Owned.Remove("b");

        Assert.Equal((0, -1), ((int)left.ErrorCode, left.MemberEpoch));
        Assert.Equal(epochBefore + 1, driver.Describe(Group).GroupEpoch);
        Assert.Equal(ErrorCode.UnknownMemberId, await driver.SendErrorAsync(driver.Beat(Group, "b", epoch: 3)));
        await driver.SettleAsync(Group, "a");
        Assert.Equal(6, driver.Owned["a"].PartitionCount);
    }

    [Fact]
    public async Task Unknown_members_and_wrong_epochs_are_refused_but_a_rejoin_at_epoch_zero_is_taken_back()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 2);
        await driver.SendAsync(Join(Group, "a", "orders"));

        Assert.Equal(ErrorCode.UnknownMemberId, await driver.SendErrorAsync(driver.Beat(Group, "stranger", epoch: 1)));
        Assert.Equal(ErrorCode.FencedMemberEpoch, await driver.SendErrorAsync(driver.Beat(Group, "a", epoch: 7)));
        Assert.Equal(ErrorCode.GroupIdNotFound, await driver.SendErrorAsync(driver.Beat("no-such-group", "a", epoch: 1)));

        var rejoined = await driver.SendAsync(Join(Group, "a", "orders"));
        Assert.Equal((0, 1), ((int)rejoined.ErrorCode, rejoined.MemberEpoch));
        Assert.Equal(2, driver.Owned["a"].PartitionCount);
    }

    [Theory]
    [InlineData(0, -1, true, "orders", null, null, ErrorCode.InvalidRequest, "RebalanceTimeoutMs must be provided")]
    [InlineData(0, 30000, false, "orders", null, null, ErrorCode.InvalidRequest, "TopicPartitions must be empty")]
    [InlineData(0, 30000, true, null, null, null, ErrorCode.InvalidRequest, "SubscribedTopicRegex must be non-null")]
    [InlineData(-3, 30000, true, "orders", null, null, ErrorCode.InvalidRequest, "MemberEpoch is invalid")]
    [InlineData(0, 30000, true, "orders", "sticky", null, ErrorCode.UnsupportedAssignor, "ServerAssignor sticky is not supported")]
    [InlineData(0, 30000, true, null, null, "orders-(", ErrorCode.InvalidRegularExpression, "is not a valid regular expression")]
    public async Task Bad_first_heartbeats_get_Kafka_errors_and_write_nothing(
        int epoch, int rebalanceTimeoutMs, bool withPartitions, string? topic, string? assignor, string? regex, ErrorCode expected, string message)
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 1);
        await driver.Kafka.WaitForGroupCoordinatorAsync(Group);
        long before = driver.OffsetsTopicEnd();
        var request = Join(Group, "a");
        request.MemberEpoch = epoch;
        request.RebalanceTimeoutMs = rebalanceTimeoutMs;
        request.TopicPartitions = withPartitions ? [] : null;
        request.SubscribedTopicNames = topic is null ? null : [topic];
        request.ServerAssignor = assignor;
        request.SubscribedTopicRegex = regex;

        var response = await driver.SendAsync(request);

        Assert.Equal(expected, (ErrorCode)response.ErrorCode);
        Assert.Contains(message, response.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(before, driver.OffsetsTopicEnd());
        Assert.Equal(ErrorCode.GroupIdNotFound, (ErrorCode)driver.Describe(Group).ErrorCode);
    }

    [Fact]
    public async Task Version_one_needs_a_client_member_id_while_version_zero_gets_one_from_the_broker()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 1);

        Assert.Equal(ErrorCode.InvalidRequest, await driver.SendErrorAsync(Join(Group, ""), version: 1));
        var v0 = await driver.SendAsync(Join(Group, ""), version: 0);
        Assert.Equal(0, v0.ErrorCode);
        Assert.False(string.IsNullOrEmpty(v0.MemberId));
    }

    [Fact]
    public async Task A_static_member_that_leaves_with_minus_two_gets_its_partitions_back_without_a_rebalance()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 4);
        var joinA = Join(Group, "a1", "orders");
        joinA.InstanceId = "instance-a";
        await driver.SendAsync(joinA);
        await driver.SendAsync(Join(Group, "b", "orders"));
        await driver.SettleAsync(Group, "a1", "b");
        var ownedByA = driver.Owned["a1"];
        int groupEpoch = driver.Describe(Group).GroupEpoch;

        var leave = driver.Beat(Group, "a1", epoch: ConsumerGroupCoordinator.StaticLeaveEpoch);
        leave.InstanceId = "instance-a";
        Assert.Equal(-2, (await driver.SendAsync(leave)).MemberEpoch);

        // Nobody else may take them while the instance is away.
        await driver.SettleAsync(Group, "b");
        Assert.Equal(2, driver.Owned["b"].PartitionCount);

        var rejoin = Join(Group, "a2", "orders");
        rejoin.InstanceId = "instance-a";
        var back = await driver.SendAsync(rejoin);
        Assert.Equal(0, back.ErrorCode);
        Assert.Equal(ownedByA, driver.Owned["a2"]);
        Assert.Equal(groupEpoch, driver.Describe(Group).GroupEpoch);
        Assert.DoesNotContain(driver.Describe(Group).Members, m => m.MemberId == "a1");

        var stale = driver.Beat(Group, "a1", epoch: groupEpoch);
        stale.InstanceId = "instance-a";
        Assert.Equal(ErrorCode.FencedInstanceId, await driver.SendErrorAsync(stale));
    }

    [Fact]
    public async Task A_second_static_member_with_an_instance_id_in_use_is_refused()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 2);
        var first = Join(Group, "a1", "orders");
        first.InstanceId = "instance-a";
        await driver.SendAsync(first);

        var second = Join(Group, "a2", "orders");
        second.InstanceId = "instance-a";
        Assert.Equal(ErrorCode.UnreleasedInstanceId, await driver.SendErrorAsync(second));
    }

    [Fact]
    public async Task A_full_group_refuses_new_members_but_not_its_own()
    {
        await using var driver = await StartAsync(o => o.ConsumerGroupMaxSize = 1);
        driver.CreateTopic("orders", 2);
        await driver.SendAsync(Join(Group, "a", "orders"));

        Assert.Equal(ErrorCode.GroupMaxSizeReached, await driver.SendErrorAsync(Join(Group, "b", "orders")));
        Assert.Equal(0, (await driver.SendAsync(driver.Beat(Group, "a"))).ErrorCode);
    }

    [Fact]
    public async Task A_member_asking_for_range_gets_ranges()
    {
        await using var driver = await StartAsync();
        var topic = driver.CreateTopic("orders", 4);
        var a = Join(Group, "a", "orders");
        a.ServerAssignor = "range";
        var b = Join(Group, "b", "orders");
        b.ServerAssignor = "range";
        await driver.SendAsync(a);
        await driver.SendAsync(b);
        await driver.SettleAsync(Group, "a", "b");

        Assert.Equal("range", driver.Describe(Group).AssignorName);
        Assert.Equal(Assignment.Create(topic, 0, 1), driver.Owned["a"]);
        Assert.Equal(Assignment.Create(topic, 2, 3), driver.Owned["b"]);
    }

    [Fact]
    public async Task A_regular_expression_subscribes_to_matching_topics_but_never_internal_ones()
    {
        await using var driver = await StartAsync();
        var eu = driver.CreateTopic("orders-eu", 2);
        var us = driver.CreateTopic("orders-us", 1);
        driver.CreateTopic("payments", 3);
        var join = Join(Group, "a");
        join.SubscribedTopicNames = null;
        join.SubscribedTopicRegex = ".*orders.*|__.*";

        await driver.SendAsync(join);

        Assert.Equal(Assignment.Create(eu, 0, 1).Union(Assignment.Create(us, 0)), driver.Owned["a"]);
    }

    [Fact]
    public async Task A_topic_that_grows_bumps_the_epoch_and_its_new_partitions_are_assigned()
    {
        await using var driver = await StartAsync();
        var topic = driver.CreateTopic("orders", 2);
        await driver.SendAsync(Join(Group, "a", "orders"));
        int epoch = driver.Epochs["a"];

        await driver.Kafka.CreatePartitionsAsync("orders", 3);
        await driver.SendAsync(driver.Beat(Group, "a"));

        Assert.Equal(epoch + 1, driver.Epochs["a"]);
        Assert.Equal(Assignment.Create(topic, 0, 1, 2), driver.Owned["a"]);
    }

    [Fact]
    public async Task Twenty_members_joining_at_once_settle_with_every_partition_owned_once()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 40);
        await driver.Kafka.WaitForGroupCoordinatorAsync(Group);
        var members = Enumerable.Range(0, 20).Select(i => $"member-{i:D2}").ToArray();

        var joins = await Task.WhenAll(members.Select(m => Task.Run(() =>
            driver.Kafka.Broker.Groups.ConsumerGroupHeartbeatAsync(Join(Group, m, "orders"), 1, "driver", "/127.0.0.1", CancellationToken.None))));
        foreach (var join in joins)
        {
            Assert.Equal(0, join.ErrorCode);
            driver.Record(join);
        }
        await driver.SettleAsync(Group, members);

        var described = driver.Describe(Group);
        Assert.Equal("Stable", described.GroupState);
        Assert.All(members, m => Assert.Equal(2, driver.Owned[m].PartitionCount));
        Assert.All(described.Members, m => Assert.Equal(described.AssignmentEpoch, m.MemberEpoch));
    }

    [Fact]
    public async Task The_protocol_is_refused_when_the_broker_does_not_serve_it()
    {
        await using var driver = await StartAsync(o => o.RebalanceProtocols.Remove("consumer"));
        driver.CreateTopic("orders", 1);

        Assert.Equal(ErrorCode.UnsupportedVersion, await driver.SendErrorAsync(Join(Group, "a", "orders")));
    }
}
