using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Transactions.TxnOffsets;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>What group deletion, OffsetDelete, offset expiry and topic deletion do to offsets of open transactions.</summary>
public sealed class PendingOffsetLifecycleTests
{
    private const long Producer = 6001;

    [Fact]
    public async Task Deleting_a_group_drops_its_pending_offsets_for_good()
    {
        using var dir = new TempDirectory();
        using (var harness = Open(dir, 1))
        {
            await CommitAsync(harness.Coordinator, "doomed", Producer, Entry("in", 0, 10));

            Assert.Equal(ErrorCode.None, await harness.Coordinator.DeleteGroupAsync("doomed"));
            Assert.Equal(ErrorCode.None, Stable(harness.Coordinator, "doomed", "in", 0).Error);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(ErrorCode.GroupIdNotFound, reopened.Coordinator.DescribeGroup("doomed").Error);
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "doomed", "in", 0).Error);
    }

    [Fact]
    public async Task OffsetDelete_of_a_partition_with_only_a_pending_offset_writes_a_tombstone_that_drops_it()
    {
        using var dir = new TempDirectory();
        using (var harness = Open(dir, 2))
        {
            await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10), Entry("in", 1, 11));
            long end = harness.OffsetsTopicEnd();

            var (error, errors) = await harness.Coordinator.DeleteOffsetsAsync("copier", [new("in", 0)]);

            Assert.Equal((ErrorCode.None, ErrorCode.None), (error, errors.Single()));
            Assert.Equal(end + 1, harness.OffsetsTopicEnd());
            Assert.Equal(ErrorCode.None, Stable(harness.Coordinator, "copier", "in", 0).Error);
            Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(harness.Coordinator, "copier", "in", 1).Error);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "copier", "in", 0).Error);
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(reopened.Coordinator, "copier", "in", 1).Error);
    }

    [Fact]
    public async Task Offsets_a_transaction_holds_do_not_expire_and_their_group_is_kept_while_it_is_open()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock();
        using var harness = Open(dir, 2, clock, o => o.OffsetsRetentionMinutes = 60);
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 0, 5), Entry("in", 1, 6));
        await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10));
        await CommitAsync(harness.Coordinator, "waiting", Producer, Entry("in", 0, 1));

        clock.Advance(TimeSpan.FromMinutes(61));
        harness.Coordinator.ExpireOffsets();

        Assert.Equal(5, Committed(harness.Coordinator, "copier", "in", 0));
        Assert.Null(Committed(harness.Coordinator, "copier", "in", 1));
        Assert.Contains(harness.Coordinator.ListGroups().Groups, g => g.GroupId == "waiting");
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(harness.Coordinator, "waiting", "in", 0).Error);
    }

    [Fact]
    public async Task Deleting_a_topic_drops_the_pending_offsets_of_its_partitions()
    {
        using var dir = new TempDirectory();
        using (var harness = CoordinatorHarness.Open(dir.Path))
        {
            harness.CreateTopic("gone", 1);
            harness.CreateTopic("kept", 1);
            harness.FindCoordinator("copier");
            await CommitAsync(harness.Coordinator, "copier", Producer, Entry("gone", 0, 10), Entry("kept", 0, 20));

            harness.Coordinator.OnTopicDeleted("gone");

            Assert.Equal(ErrorCode.None, Stable(harness.Coordinator, "copier", "gone", 0).Error);
            Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(harness.Coordinator, "copier", "kept", 0).Error);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "copier", "gone", 0).Error);
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(reopened.Coordinator, "copier", "kept", 0).Error);
    }
}
