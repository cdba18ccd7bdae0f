using System.Diagnostics;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Consumer.ConsumerGroupDriver;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>Deadlines, restarts, offsets and the other protocol: a consumer group over its whole life.</summary>
public sealed class ConsumerGroupLifecycleTests
{
    private const string Group = "lifecycle";

    [Fact]
    public async Task A_member_that_stops_heartbeating_is_fenced_after_its_session_and_its_partitions_move()
    {
        // Long enough that the live member's heartbeats, 100 ms apart, never miss it on a loaded machine.
        await using var driver = await StartAsync(o => o.ConsumerGroupSessionTimeoutMs = 2500);
        driver.CreateTopic("orders", 4);
        await driver.SendAsync(Join(Group, "quiet", "orders"));
        await driver.SendAsync(Join(Group, "alive", "orders"));
        await driver.SettleAsync(Group, "quiet", "alive");

        // Only "alive" heartbeats from now on.
        var clock = Stopwatch.StartNew();
        while (driver.Describe(Group).Members.Count > 1 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await driver.SendAsync(driver.Beat(Group, "alive"));
            await Task.Delay(100);
        }

        Assert.Equal(["alive"], driver.Describe(Group).Members.Select(m => m.MemberId));
        driver.Owned.Remove("quiet");
        await driver.SettleAsync(Group, "alive");
        Assert.Equal(4, driver.Owned["alive"].PartitionCount);
    }

    [Fact]
    public async Task A_member_that_does_not_revoke_within_its_rebalance_timeout_is_fenced()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 4);
        var slow = Join(Group, "slow", "orders");
        slow.RebalanceTimeoutMs = 500;
        await driver.SendAsync(slow);
        await driver.SendAsync(Join(Group, "new", "orders"));
        await driver.SendAsync(driver.Beat(Group, "slow")); // told to revoke two partitions
        var stillOwned = driver.Owned["slow"];

        // It keeps heartbeating but keeps reporting all four partitions.
        ErrorCode error = ErrorCode.None;
        var clock = Stopwatch.StartNew();
        while (error == ErrorCode.None && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var beat = driver.Beat(Group, "slow");
            beat.TopicPartitions![0].Partitions = [0, 1, 2, 3];
            error = await driver.SendErrorAsync(beat);
            await Task.Delay(100);
        }

        Assert.Equal(2, stillOwned.PartitionCount);
        Assert.Equal(ErrorCode.UnknownMemberId, error);
    }

    [Fact]
    public async Task A_restart_rebuilds_members_epochs_and_assignments_from_the_log()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 5);
        var join = Join(Group, "a", "orders");
        join.InstanceId = "instance-a";
        join.RackId = "rack-1";
        await driver.SendAsync(join);
        var regexJoin = Join(Group, "b");
        regexJoin.SubscribedTopicNames = null;
        regexJoin.SubscribedTopicRegex = "ord.*";
        await driver.SendAsync(regexJoin);
        await driver.SettleAsync(Group, "a", "b");
        var before = Describe(driver);

        await driver.RestartAsync();

        Assert.Equal(before, Describe(driver));
        Assert.Equal(0, (await driver.SendAsync(driver.Beat(Group, "a"))).ErrorCode);
        Assert.Equal(0, (await driver.SendAsync(driver.Beat(Group, "b"))).ErrorCode);
        Assert.Equal(before, Describe(driver));
    }

    [Fact]
    public async Task Members_commit_offsets_with_their_epoch_and_stale_or_unknown_ones_are_refused()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 1);
        await driver.SendAsync(Join(Group, "a", "orders"));
        int epoch = driver.Epochs["a"];
        var groups = driver.Kafka.Broker.Groups;
        OffsetCommitEntry[] entries = [new("orders", Guid.Empty, 0, 42, -1, "meta", true)];

        Assert.Equal(ErrorCode.None, (await groups.CommitOffsetsAsync(Group, "a", null, epoch, null, 9, entries)).GroupError);
        Assert.Equal(ErrorCode.StaleMemberEpoch, (await groups.CommitOffsetsAsync(Group, "a", null, epoch - 1, null, 9, entries)).GroupError);
        Assert.Equal(ErrorCode.UnknownMemberId, (await groups.CommitOffsetsAsync(Group, "stranger", null, epoch, null, 9, entries)).GroupError);
        Assert.Equal(ErrorCode.UnsupportedVersion, (await groups.CommitOffsetsAsync(Group, "a", null, epoch, null, 8, entries)).GroupError);
        Assert.Equal(ErrorCode.UnknownMemberId, (await groups.CommitOffsetsAsync(Group, "", null, -1, null, 9, entries)).GroupError);

        Assert.Equal(ErrorCode.StaleMemberEpoch, groups.FetchOffsets(Group, null, "a", epoch + 1).Error);
        var fetched = groups.FetchOffsets(Group, [new TopicPartitionKey("orders", 0)], "a", epoch);
        Assert.Equal(42, fetched.Offsets.Single().Offset!.Offset);
    }

    [Fact]
    public async Task An_empty_classic_group_is_upgraded_with_its_offsets_and_a_busy_one_is_not_a_consumer_group()
    {
        await using var driver = await StartAsync(o => o.GroupInitialRebalanceDelayMs = 0);
        driver.CreateTopic("orders", 2);
        var groups = driver.Kafka.Broker.Groups;
        await driver.Kafka.WaitForGroupCoordinatorAsync("simple");
        await groups.CommitOffsetsAsync("simple", "", null, -1, null, 8, [new("orders", Guid.Empty, 1, 7, -1, null, true)]);

        Assert.Equal(0, (await driver.SendAsync(Join("simple", "a", "orders"))).ErrorCode);
        Assert.Contains(groups.ListGroups().Groups, g => g.GroupId == "simple" && g.Type == GroupType.Consumer);
        Assert.Equal(7, groups.FetchOffsets("simple", [new TopicPartitionKey("orders", 1)]).Offsets.Single().Offset!.Offset);

        await driver.Kafka.WaitForGroupCoordinatorAsync("classic");
        var join = await groups.JoinGroupAsync(new ClassicJoinRequest("classic", "", null, "consumer", [("range", [0])], 10000, 10000, "c", "/127.0.0.1", 3), CancellationToken.None);
        Assert.Equal(ErrorCode.None, join.Error);
        var refused = await driver.SendAsync(Join("classic", "a", "orders"));
        Assert.Equal(ErrorCode.GroupIdNotFound, (ErrorCode)refused.ErrorCode);
        Assert.Equal(ErrorCode.GroupIdNotFound, (ErrorCode)driver.Describe("classic").ErrorCode);
    }

    [Fact]
    public async Task Listing_describing_and_deleting_a_consumer_group()
    {
        await using var driver = await StartAsync();
        driver.CreateTopic("orders", 3);
        var join = Join(Group, "a", "orders");
        join.RackId = "rack-1";
        await driver.SendAsync(join);
        var groups = driver.Kafka.Broker.Groups;

        var listing = Assert.Single(groups.ListGroups().Groups, g => g.GroupId == Group);
        Assert.Equal(("consumer", "Stable", GroupType.Consumer), (listing.ProtocolType, listing.State, listing.Type));
        var member = Assert.Single(driver.Describe(Group).Members);
        Assert.Equal(("a", "rack-1", "driver", (sbyte)1), (member.MemberId, member.RackId, member.ClientId, member.MemberType));
        Assert.Equal(["orders"], member.SubscribedTopicNames);
        Assert.Equal("orders", Assert.Single(member.Assignment.TopicPartitions).TopicName);
        Assert.Equal(ErrorCode.GroupIdNotFound, groups.DescribeGroup(Group).Error);

        Assert.Equal(ErrorCode.NonEmptyGroup, await groups.DeleteGroupAsync(Group));
        await driver.SendAsync(driver.Beat(Group, "a", epoch: -1));
        Assert.Equal("Empty", driver.Describe(Group).GroupState);
        Assert.Equal(ErrorCode.None, await groups.DeleteGroupAsync(Group));

        await driver.RestartAsync();
        Assert.Equal(ErrorCode.GroupIdNotFound, (ErrorCode)driver.Describe(Group).ErrorCode);
    }

    [Fact]
    public async Task A_classic_member_joining_an_empty_consumer_group_turns_it_into_a_classic_group()
    {
        await using var driver = await StartAsync(o => o.GroupInitialRebalanceDelayMs = 0);
        driver.CreateTopic("orders", 1);
        await driver.SendAsync(Join(Group, "a", "orders"));
        await driver.SendAsync(driver.Beat(Group, "a", epoch: -1));

        var join = await driver.Kafka.Broker.Groups.JoinGroupAsync(
            new ClassicJoinRequest(Group, "", null, "consumer", [("range", [0])], 10000, 10000, "c", "/127.0.0.1", 3), CancellationToken.None);

        Assert.Equal(ErrorCode.None, join.Error);
        Assert.Contains(driver.Kafka.Broker.Groups.ListGroups().Groups, g => g.GroupId == Group && g.Type == GroupType.Classic);
    }

    // What a restart must keep: every field of the description but the deadlines it does not show.
    private static string Describe(ConsumerGroupDriver driver)
    {
        var group = driver.Describe(Group);
        var members = group.Members.OrderBy(m => m.MemberId, StringComparer.Ordinal).Select(m =>
            $"{m.MemberId}/{m.InstanceId}/{m.RackId}/{m.MemberEpoch}/{string.Join(',', m.SubscribedTopicNames)}/{m.SubscribedTopicRegex}/"
            + string.Join(';', m.Assignment.TopicPartitions.Select(t => $"{t.TopicName}:{string.Join(',', t.Partitions)}")) + "/"
            + string.Join(';', m.TargetAssignment.TopicPartitions.Select(t => $"{t.TopicName}:{string.Join(',', t.Partitions)}")));
        return $"{group.GroupState}/{group.GroupEpoch}/{group.AssignmentEpoch}/{group.AssignorName}|{string.Join('|', members)}";
    }
}
