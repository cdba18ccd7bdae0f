using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Transactions.TxnOffsets;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>
/// Loading __consumer_offsets after a restart: transactional batches stay pending per producer until that producer's
/// marker appears later in the partition. The markers here are control batches written straight into the log.
/// </summary>
public sealed class TransactionalOffsetReplayTests
{
    private const long First = 5001;
    private const long Second = 5002;

    [Fact]
    public async Task Offsets_of_a_transaction_without_a_marker_are_still_pending_after_a_restart()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 1))
        {
            await PlainCommitAsync(first.Coordinator, "copier", Entry("in", 0, 3));
            await CommitAsync(first.Coordinator, "copier", First, Entry("in", 0, 30));
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(3, Committed(reopened.Coordinator, "copier", "in", 0));
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(reopened.Coordinator, "copier", "in", 0).Error);
    }

    [Fact]
    public async Task A_committed_transaction_is_loaded_as_committed_and_an_aborted_one_as_dropped()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 2))
        {
            await CommitAsync(first.Coordinator, "copier", First, Entry("in", 0, 10));
            await CommitAsync(first.Coordinator, "copier", Second, Entry("in", 1, 20));
            var log = LogOf(first, "copier");
            await WriteMarkerAsync(log, Second, commit: false);
            await WriteMarkerAsync(log, First, commit: true);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(10, Committed(reopened.Coordinator, "copier", "in", 0));
        Assert.Null(Committed(reopened.Coordinator, "copier", "in", 1));
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "copier", "in", 0).Error);
        Assert.Equal(ErrorCode.None, Stable(reopened.Coordinator, "copier", "in", 1).Error);
    }

    [Fact]
    public async Task A_marker_before_a_producers_next_transaction_leaves_that_transaction_pending()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 2))
        {
            var log = LogOf(first, "copier");
            await CommitAsync(first.Coordinator, "copier", First, Entry("in", 0, 10));
            await WriteMarkerAsync(log, First, commit: true);
            await CommitAsync(first.Coordinator, "copier", First, Entry("in", 1, 11));
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(10, Committed(reopened.Coordinator, "copier", "in", 0));
        Assert.Null(Committed(reopened.Coordinator, "copier", "in", 1));
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(reopened.Coordinator, "copier", "in", 1).Error);
    }

    [Fact]
    public async Task Loading_keeps_whichever_of_a_transactional_and_a_plain_commit_was_written_later()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 2))
        {
            // Partition 0: the transaction's offset, then a plain one. Partition 1: a plain offset, then the transaction's.
            await PlainCommitAsync(first.Coordinator, "copier", Entry("in", 1, 5));
            await CommitAsync(first.Coordinator, "copier", First, Entry("in", 0, 10), Entry("in", 1, 30));
            await PlainCommitAsync(first.Coordinator, "copier", Entry("in", 0, 12));
            var log = LogOf(first, "copier");
            await WriteMarkerAsync(log, First, commit: true);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(12, Committed(reopened.Coordinator, "copier", "in", 0));
        Assert.Equal(30, Committed(reopened.Coordinator, "copier", "in", 1));
    }

    [Fact]
    public async Task A_group_deleted_while_its_transaction_was_open_stays_deleted_after_the_commit_marker()
    {
        using var dir = new TempDirectory();
        using (var first = Open(dir, 1))
        {
            await CommitAsync(first.Coordinator, "doomed", First, Entry("in", 0, 10));
            Assert.Equal(ErrorCode.None, await first.Coordinator.DeleteGroupAsync("doomed"));
            var log = LogOf(first, "doomed");
            await WriteMarkerAsync(log, First, commit: true);
        }

        using var reopened = CoordinatorHarness.Open(dir.Path);
        Assert.Null(Committed(reopened.Coordinator, "doomed", "in", 0));
        Assert.Equal(ErrorCode.GroupIdNotFound, reopened.Coordinator.DescribeGroup("doomed").Error);
    }
}
