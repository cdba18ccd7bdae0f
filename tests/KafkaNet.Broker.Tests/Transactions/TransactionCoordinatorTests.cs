using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>The coordinator's state machine, as Kafka's: epochs, fencing, partitions, ends and their markers.</summary>
public sealed class TransactionCoordinatorTests
{
    private static readonly TopicPartition Orders0 = new("orders", 0);
    private static readonly TopicPartition Orders1 = new("orders", 1);

    [Fact]
    public async Task Without_a_transactional_id_every_call_gets_a_new_producer_id_at_epoch_0()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);

        var results = new List<(ErrorCode, long, short)>();
        for (int i = 0; i < 3; i++)
        {
            var result = await harness.Coordinator.InitProducerIdAsync(null, 60000);
            results.Add((result.Error, result.ProducerId, result.ProducerEpoch));
        }

        Assert.All(results, r => Assert.Equal((ErrorCode.None, (short)0), (r.Item1, r.Item3)));
        Assert.Equal(3, results.Select(r => r.Item2).Distinct().Count());
        Assert.Equal(0, harness.StateTopicEnd()); // idempotent producers write nothing to __transaction_state
    }

    [Fact]
    public async Task A_transactional_id_keeps_its_producer_id_and_each_init_bumps_the_epoch()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);

        var first = await harness.InitAsync("app");
        var second = await harness.Coordinator.InitProducerIdAsync("app", 60000);

        Assert.Equal(0, first.Epoch);
        Assert.Equal((ErrorCode.None, first.ProducerId, (short)1), (second.Error, second.ProducerId, second.ProducerEpoch));
        Assert.Equal("Empty", harness.StateOf("app"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(900001)]
    public async Task A_timeout_outside_one_to_the_maximum_is_invalid(int timeoutMs)
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        harness.FindCoordinator("app");

        var result = await harness.Coordinator.InitProducerIdAsync("app", timeoutMs);

        Assert.Equal((ErrorCode.InvalidTransactionTimeout, -1L, (short)-1), (result.Error, result.ProducerId, result.ProducerEpoch));
        Assert.Equal(ErrorCode.TransactionalIdNotFound, harness.Coordinator.Describe("app").Error);
    }

    [Fact]
    public async Task Requests_before_the_state_topic_exists_are_sent_to_find_the_coordinator()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);

        Assert.Equal(ErrorCode.NotCoordinator, (await harness.Coordinator.InitProducerIdAsync("app", 60000)).Error);
        Assert.Equal(ErrorCode.InvalidRequest, (await harness.Coordinator.InitProducerIdAsync("", 60000)).Error);
        Assert.Null(harness.Topics.Find(TopicNames.TransactionState));
    }

    [Fact]
    public async Task The_state_topic_is_internal_compacted_and_sized_by_the_options()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);

        await harness.InitAsync("app");

        var topic = harness.Topics.Find(TopicNames.TransactionState)!;
        Assert.Equal(TransactionHarness.StatePartitions, topic.PartitionCount);
        Assert.Equal("compact", topic.Configs["cleanup.policy"]);
        Assert.Equal("uncompressed", topic.Configs["compression.type"]);
        Assert.True(TopicNames.IsInternal(topic.Name));
        Assert.Equal(harness.Coordinator.PartitionFor("app"), Enumerable.Range(0, 3).Single(p => harness.Replicas.Find(topic.Name, p)!.LogEndOffset > 0));
    }

    [Fact]
    public async Task Adding_partitions_starts_a_transaction_and_wrong_producers_are_refused()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");

        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]));
        long written = harness.StateTopicEnd();
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]));
        Assert.Equal(written, harness.StateTopicEnd()); // already in the transaction: nothing new to write
        Assert.Equal(ErrorCode.ProducerFenced, await harness.Coordinator.AddPartitionsAsync("app", pid, (short)(epoch + 1), [Orders1]));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, await harness.Coordinator.AddPartitionsAsync("app", pid + 1, epoch, [Orders1]));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, await harness.Coordinator.AddPartitionsAsync("stranger", pid, epoch, [Orders1]));

        var described = harness.Coordinator.Describe("app");
        Assert.Equal("Ongoing", described.State);
        Assert.Equal([Orders0], described.Partitions);
        Assert.Equal(harness.Clock.GetUtcNow().ToUnixTimeMilliseconds(), described.StartTimeMs);
    }

    [Fact]
    public async Task Ending_an_unknown_or_empty_transaction_is_refused_as_Kafka_does()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");

        Assert.Equal(ErrorCode.InvalidProducerIdMapping, (await harness.Coordinator.EndTransactionAsync("unknown", pid, epoch, true, 0)).Error);
        Assert.Equal(ErrorCode.InvalidTxnState, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, true, 0)).Error);
        Assert.Equal(ErrorCode.ProducerFenced, (await harness.Coordinator.EndTransactionAsync("app", pid, (short)(epoch - 1), true, 0)).Error);
        Assert.Equal(ErrorCode.InvalidRequest, (await harness.Coordinator.EndTransactionAsync("", pid, epoch, true, 0)).Error);
        Assert.Empty(harness.Markers.Written);
    }

    [Fact]
    public async Task A_commit_writes_a_marker_to_every_partition_then_completes()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");
        var offsets = new TopicPartition(TopicNames.ConsumerOffsets, 1);
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0, Orders1]));
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [offsets]));

        var end = await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0);

        Assert.Equal((ErrorCode.None, pid, epoch), (end.Error, end.ProducerId, end.ProducerEpoch));
        harness.WaitForState("app", "CompleteCommit");
        Assert.Equal(new[] { Orders0, Orders1, offsets }.OrderBy(p => p.ToString()), harness.Markers.Written.Select(m => m.Partition).OrderBy(p => p.ToString()));
        Assert.All(harness.Markers.Written, m => Assert.Equal((pid, epoch, 0, true), (m.ProducerId, m.Epoch, m.CoordinatorEpoch, m.Commit)));
        Assert.Empty(harness.Coordinator.Describe("app").Partitions);
        // A retried commit is answered NONE; an abort of what was committed is not.
        Assert.Equal(ErrorCode.None, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0)).Error);
        Assert.Equal(ErrorCode.InvalidTxnState, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: false, 0)).Error);
    }

    [Fact]
    public async Task While_markers_are_written_the_id_answers_concurrent_transactions()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");
        await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Markers.Gate = gate;

        Assert.Equal(ErrorCode.None, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: false, 0)).Error);

        Assert.Equal("PrepareAbort", harness.StateOf("app"));
        Assert.Equal(ErrorCode.ConcurrentTransactions, (await harness.Coordinator.InitProducerIdAsync("app", 60000)).Error);
        Assert.Equal(ErrorCode.ConcurrentTransactions, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders1]));
        Assert.Equal(ErrorCode.ConcurrentTransactions, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: false, 0)).Error);
        Assert.Equal(ErrorCode.ConcurrentTransactions, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0)).Error);
        gate.SetResult();
        harness.WaitForState("app", "CompleteAbort");
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders1]));
    }

    [Fact]
    public async Task Markers_that_fail_are_retried_until_written()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");
        await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0, Orders1]);
        int failures = 0;
        harness.Markers.Answer = p => p == Orders1 && Interlocked.Increment(ref failures) <= 2 ? ErrorCode.NotLeaderOrFollower : ErrorCode.None;

        await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0);

        harness.WaitForState("app", "CompleteCommit");
        Assert.Equal(3, failures);
        Assert.Equal(2, harness.Markers.Written.Count);
    }

    [Fact]
    public async Task A_second_producer_fences_the_first_and_aborts_its_open_transaction()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");
        await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]);

        var takeover = await harness.Coordinator.InitProducerIdAsync("app", 60000);

        Assert.Equal(ErrorCode.ConcurrentTransactions, takeover.Error);
        harness.WaitForState("app", "CompleteAbort");
        var marker = Assert.Single(harness.Markers.Written);
        Assert.Equal((Orders0, pid, (short)(epoch + 1), false), (marker.Partition, marker.ProducerId, marker.Epoch, marker.Commit));
        var retried = await harness.Coordinator.InitProducerIdAsync("app", 60000);
        Assert.Equal((ErrorCode.None, pid, (short)(epoch + 2)), (retried.Error, retried.ProducerId, retried.ProducerEpoch));
        // The first producer is fenced everywhere.
        Assert.Equal(ErrorCode.ProducerFenced, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]));
        Assert.Equal(ErrorCode.ProducerFenced, (await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0)).Error);
    }

    [Fact]
    public async Task Kip_360_a_producer_holding_its_current_epoch_may_bump_and_a_retry_gets_the_same_answer()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");

        var bumped = await harness.Coordinator.InitProducerIdAsync("app", 60000, pid, epoch);
        var retried = await harness.Coordinator.InitProducerIdAsync("app", 60000, pid, epoch);
        var stale = await harness.Coordinator.InitProducerIdAsync("app", 60000, pid, (short)(epoch + 7));
        var otherId = await harness.Coordinator.InitProducerIdAsync("app", 60000, pid + 50, epoch);

        Assert.Equal((ErrorCode.None, pid, (short)(epoch + 1)), (bumped.Error, bumped.ProducerId, bumped.ProducerEpoch));
        Assert.Equal((ErrorCode.None, pid, (short)(epoch + 1)), (retried.Error, retried.ProducerId, retried.ProducerEpoch));
        Assert.Equal(ErrorCode.ProducerFenced, stale.Error);
        Assert.Equal(ErrorCode.ProducerFenced, otherId.Error);
    }

    [Fact]
    public async Task Transaction_version_2_ends_bump_the_epoch_and_answer_with_the_next_one()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("app");
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0], clientTransactionVersion: 2));

        var end = await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, clientTransactionVersion: 2);

        Assert.Equal((ErrorCode.None, pid, (short)(epoch + 1)), (end.Error, end.ProducerId, end.ProducerEpoch));
        harness.WaitForState("app", "CompleteCommit");
        Assert.Equal((short)(epoch + 1), Assert.Single(harness.Markers.Written).Epoch);
        // The retry of that end carries the epoch before the bump; the new epoch is the one that works next.
        var retry = await harness.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, clientTransactionVersion: 2);
        Assert.Equal((ErrorCode.None, pid, (short)(epoch + 1)), (retry.Error, retry.ProducerId, retry.ProducerEpoch));
        Assert.Equal(ErrorCode.ProducerFenced, await harness.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0], 2));
        Assert.Equal(ErrorCode.None, await harness.Coordinator.AddPartitionsAsync("app", pid, (short)(epoch + 1), [Orders0], 2));
    }
}
