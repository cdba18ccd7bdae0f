using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Groups;

/// <summary>The coordinator's state survives a restart because it is replayed from __consumer_offsets.</summary>
public sealed class GroupCoordinatorTests
{
    [Fact]
    public async Task Committed_offsets_with_metadata_and_leader_epochs_are_replayed_on_restart()
    {
        using var dir = new TempDirectory();
        using (var first = CoordinatorHarness.Open(dir.Path))
        {
            first.CreateTopic("orders", 2);
            first.FindCoordinator("billing");
            var (error, errors) = await first.Coordinator.CommitOffsetsAsync("billing", "", null, -1, null, 8,
                [Entry("orders", 0, 10, 3, "m0"), Entry("orders", 1, 20, 4, null)]);
            Assert.Equal(ErrorCode.None, error);
            Assert.All(errors, e => Assert.Equal(ErrorCode.None, e));
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        var offsets = reopened.Coordinator.FetchOffsets("billing", null).Offsets.OrderBy(o => o.Partition.Partition).ToList();
        Assert.Equal([(10L, 3, "m0"), (20L, 4, "")], offsets.Select(o => (o.Offset!.Offset, o.Offset.LeaderEpoch, o.Offset.Metadata)));
        Assert.Contains(reopened.Coordinator.ListGroups().Groups, g => g.GroupId == "billing" && g.State == "Empty");
    }

    [Fact]
    public async Task A_stable_group_is_replayed_with_its_generation_and_members_keep_heartbeating()
    {
        using var dir = new TempDirectory();
        string memberId;
        using (var first = CoordinatorHarness.Open(dir.Path))
        {
            first.FindCoordinator("stable");
            var join = await first.Coordinator.JoinGroupAsync(Join("stable"), CancellationToken.None);
            memberId = join.MemberId;
            var sync = await first.Coordinator.SyncGroupAsync("stable", memberId, null, join.GenerationId, null, null, [(memberId, [5, 6])], CancellationToken.None);
            Assert.Equal(ErrorCode.None, sync.Error);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        var described = reopened.Coordinator.DescribeGroup("stable");
        Assert.Equal("Stable", described.State);
        Assert.Equal(new byte[] { 5, 6 }, Assert.Single(described.Members).Assignment);
        Assert.Equal(ErrorCode.None, reopened.Coordinator.Heartbeat("stable", memberId, null, 1));
        Assert.Equal(ErrorCode.IllegalGeneration, reopened.Coordinator.Heartbeat("stable", memberId, null, 2));
    }

    [Fact]
    public async Task Offsets_of_an_empty_group_expire_after_the_retention_and_the_group_goes_with_them()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock();
        using (var harness = CoordinatorHarness.Open(dir.Path, clock, o => o.OffsetsRetentionMinutes = 60))
        {
            harness.CreateTopic("events", 1);
            harness.FindCoordinator("idle");
            await harness.Coordinator.CommitOffsetsAsync("idle", "", null, -1, null, 8, [Entry("events", 0, 5, -1, "")]);

            clock.Advance(TimeSpan.FromMinutes(59));
            harness.Coordinator.ExpireOffsets();
            Assert.NotNull(harness.Coordinator.FetchOffsets("idle", [new("events", 0)]).Offsets.Single().Offset);

            clock.Advance(TimeSpan.FromMinutes(2));
            harness.Coordinator.ExpireOffsets();
            Assert.Null(harness.Coordinator.FetchOffsets("idle", [new("events", 0)]).Offsets.Single().Offset);
            Assert.DoesNotContain(harness.Coordinator.ListGroups().Groups, g => g.GroupId == "idle");
        }

        // The tombstones were written: a restart does not bring the offsets back.
        using var reopened = CoordinatorHarness.Open(dir.Path, clock);
        Assert.Empty(reopened.Coordinator.FetchOffsets("idle", null).Offsets);
    }

    [Fact]
    public async Task Offsets_of_a_group_with_members_do_not_expire()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock();
        using var harness = CoordinatorHarness.Open(dir.Path, clock, o => o.OffsetsRetentionMinutes = 1);
        harness.CreateTopic("busy", 1);
        harness.FindCoordinator("busy-group");
        var join = await harness.Coordinator.JoinGroupAsync(Join("busy-group"), CancellationToken.None);
        await harness.Coordinator.SyncGroupAsync("busy-group", join.MemberId, null, join.GenerationId, null, null, [], CancellationToken.None);
        await harness.Coordinator.CommitOffsetsAsync("busy-group", join.MemberId, null, join.GenerationId, null, 8, [Entry("busy", 0, 9, -1, "")]);

        clock.Advance(TimeSpan.FromMinutes(30));
        harness.Coordinator.ExpireOffsets();

        Assert.Equal(9, harness.Coordinator.FetchOffsets("busy-group", [new("busy", 0)]).Offsets.Single().Offset?.Offset);
    }

    [Fact]
    public async Task Deleting_a_group_removes_it_and_its_offsets_for_good()
    {
        using var dir = new TempDirectory();
        using (var harness = CoordinatorHarness.Open(dir.Path))
        {
            harness.CreateTopic("gone", 1);
            harness.FindCoordinator("doomed");
            await harness.Coordinator.CommitOffsetsAsync("doomed", "", null, -1, null, 8, [Entry("gone", 0, 1, -1, "")]);
            Assert.Equal(ErrorCode.None, await harness.Coordinator.DeleteGroupAsync("doomed"));
            Assert.Equal(ErrorCode.GroupIdNotFound, await harness.Coordinator.DeleteGroupAsync("doomed"));
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(ErrorCode.GroupIdNotFound, reopened.Coordinator.DescribeGroup("doomed").Error);
        Assert.Empty(reopened.Coordinator.FetchOffsets("doomed", null).Offsets);
    }

    [Fact]
    public async Task A_group_with_members_cannot_be_deleted()
    {
        using var dir = new TempDirectory();
        using var harness = CoordinatorHarness.Open(dir.Path);
        harness.FindCoordinator("in-use");
        await harness.Coordinator.JoinGroupAsync(Join("in-use"), CancellationToken.None);
        long before = harness.OffsetsTopicEnd();

        Assert.Equal(ErrorCode.NonEmptyGroup, await harness.Coordinator.DeleteGroupAsync("in-use"));
        Assert.Equal(before, harness.OffsetsTopicEnd());
    }

    [Fact]
    public void Groups_are_placed_on_partitions_by_the_Java_string_hash()
    {
        // Values of Java's String.hashCode.
        Assert.Equal(0, GroupPartitioner.JavaStringHash(""));
        Assert.Equal(99162322, GroupPartitioner.JavaStringHash("hello"));
        Assert.Equal(3556498, GroupPartitioner.JavaStringHash("test"));
        Assert.Equal(3556498 % 50, GroupPartitioner.PartitionFor("test", 50));
        // A negative hash is made positive before the modulus.
        int negative = GroupPartitioner.JavaStringHash("polygenelubricants");
        Assert.Equal(int.MinValue, negative);
        Assert.Equal(0, GroupPartitioner.PartitionFor("polygenelubricants", 7));
    }

    private static OffsetCommitEntry Entry(string topic, int partition, long offset, int epoch, string? metadata) =>
        new(topic, Guid.Empty, partition, offset, epoch, metadata, TopicExists: true);

    private static ClassicJoinRequest Join(string group) =>
        new(group, "", null, "consumer", [("range", [1])], 10000, 10000, "client", "/127.0.0.1", 3);
}
