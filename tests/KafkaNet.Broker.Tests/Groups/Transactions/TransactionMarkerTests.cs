using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Transactions.TxnOffsets;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>
/// CompleteTransactionAsync, as the transaction coordinator calls it: the marker is written to __consumer_offsets and
/// the producer's pending offsets are committed or dropped, live and after a restart.
/// </summary>
public sealed class TransactionMarkerTests
{
    private const long Producer = 7001;
    private const long Other = 7002;

    [Fact]
    public async Task A_commit_marker_makes_the_pending_offsets_visible()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 2);
        await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10, "m"), Entry("in", 1, 20));

        var error = await harness.Coordinator.CompleteTransactionAsync(harness.Coordinator.PartitionFor("copier"), Producer, 0, 0, commit: true);

        Assert.Equal(ErrorCode.None, error);
        var stable = Stable(harness.Coordinator, "copier", "in", 0);
        Assert.Equal((ErrorCode.None, 10L, "m"), (stable.Error, stable.Offset?.Offset, stable.Offset?.Metadata));
        Assert.Equal(20, Committed(harness.Coordinator, "copier", "in", 1));
    }

    [Fact]
    public async Task An_abort_marker_drops_the_pending_offsets_and_keeps_the_committed_ones()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 0, 5));
        await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10));

        var error = await harness.Coordinator.CompleteTransactionAsync(harness.Coordinator.PartitionFor("copier"), Producer, 0, 0, commit: false);

        Assert.Equal(ErrorCode.None, error);
        var stable = Stable(harness.Coordinator, "copier", "in", 0);
        Assert.Equal((ErrorCode.None, 5L), (stable.Error, stable.Offset?.Offset));
    }

    [Fact]
    public async Task The_marker_commits_only_its_producers_offsets_in_every_group_of_the_partition()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        // Two groups on the same partition of __consumer_offsets, and another producer's open transaction.
        string b = Enumerable.Range(0, 100).Select(i => "b" + i).First(g => harness.Coordinator.PartitionFor(g) == harness.Coordinator.PartitionFor("a"));
        await CommitAsync(harness.Coordinator, "a", Producer, Entry("in", 0, 1));
        await CommitAsync(harness.Coordinator, b, Producer, Entry("in", 0, 2));
        await CommitAsync(harness.Coordinator, "a", Other, Entry("in", 0, 3));

        Assert.Equal(ErrorCode.None, await harness.Coordinator.CompleteTransactionAsync(harness.Coordinator.PartitionFor("a"), Producer, 0, 0, commit: true));

        Assert.Equal(1, Committed(harness.Coordinator, "a", "in", 0));
        Assert.Equal(2, Committed(harness.Coordinator, b, "in", 0));
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(harness.Coordinator, "a", "in", 0).Error);
        Assert.Equal(ErrorCode.None, Stable(harness.Coordinator, b, "in", 0).Error);
    }

    [Fact]
    public async Task A_plain_commit_written_while_the_transaction_was_open_wins_over_it_and_an_earlier_one_loses()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 2);
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 1, 5));
        await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10), Entry("in", 1, 30));
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 0, 12));

        await harness.Coordinator.CompleteTransactionAsync(harness.Coordinator.PartitionFor("copier"), Producer, 0, 0, commit: true);

        Assert.Equal(12, Committed(harness.Coordinator, "copier", "in", 0));
        Assert.Equal(30, Committed(harness.Coordinator, "copier", "in", 1));
    }

    [Fact]
    public async Task The_marker_is_a_control_batch_after_the_offsets_and_a_restart_loads_the_same_offsets()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 3))
        {
            int partition = first.Coordinator.PartitionFor("copier");
            await PlainCommitAsync(first.Coordinator, "copier", Entry("in", 2, 2));
            await CommitAsync(first.Coordinator, "copier", Producer, Entry("in", 0, 10));
            await CommitAsync(first.Coordinator, "copier", Other, Entry("in", 1, 20), Entry("in", 2, 21));
            Assert.Equal(ErrorCode.None, await first.Coordinator.CompleteTransactionAsync(partition, Producer, 0, 0, commit: true));
            Assert.Equal(ErrorCode.None, await first.Coordinator.CompleteTransactionAsync(partition, Other, 0, 0, commit: false));

            var last = Batches(first.Replicas.Find(TopicNames.ConsumerOffsets, partition)!)[^2..];
            Assert.Equal([(Producer, true), (Other, true)], last.Select(h => (h.ProducerId, h.IsControl)));
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(10, Committed(reopened.Coordinator, "copier", "in", 0));
        Assert.Null(Committed(reopened.Coordinator, "copier", "in", 1));
        Assert.Equal(2, Committed(reopened.Coordinator, "copier", "in", 2));
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "copier", "in", 1).Error);
    }

    [Fact]
    public async Task A_deleted_group_is_not_brought_back_by_the_commit_marker_of_its_open_transaction()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        await CommitAsync(harness.Coordinator, "doomed", Producer, Entry("in", 0, 10));
        Assert.Equal(ErrorCode.None, await harness.Coordinator.DeleteGroupAsync("doomed"));

        Assert.Equal(ErrorCode.None, await harness.Coordinator.CompleteTransactionAsync(harness.Coordinator.PartitionFor("doomed"), Producer, 0, 0, commit: true));

        Assert.Null(Committed(harness.Coordinator, "doomed", "in", 0));
        Assert.Equal(ErrorCode.GroupIdNotFound, harness.Coordinator.DescribeGroup("doomed").Error);
    }
}
