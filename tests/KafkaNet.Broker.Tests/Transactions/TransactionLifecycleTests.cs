using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Groups;
using KafkaNet.Broker.Topics;
using KafkaNet.Broker.Transactions;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>What happens to transactions over time and across restarts: replay, completion, timeouts, expiry.</summary>
public sealed class TransactionLifecycleTests
{
    private static readonly TopicPartition Orders0 = new("orders", 0);

    [Fact]
    public async Task An_open_transaction_is_replayed_after_a_restart_and_can_be_continued()
    {
        using var dir = new TempDirectory();
        long pid;
        short epoch;
        using (var first = TransactionHarness.Open(dir.Path))
        {
            (pid, epoch) = await first.InitAsync("app", timeoutMs: 45000);
            Assert.Equal(ErrorCode.None, await first.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]));
        }

        using var reopened = TransactionHarness.Open(dir.Path);
        var described = reopened.Coordinator.Describe("app");
        Assert.Equal((ErrorCode.None, "Ongoing", pid, epoch, 45000), (described.Error, described.State, described.ProducerId, described.ProducerEpoch, described.TimeoutMs));
        Assert.Equal([Orders0], described.Partitions);
        Assert.Equal(ErrorCode.None, await reopened.Coordinator.AddPartitionsAsync("app", pid, epoch, [new TopicPartition("orders", 1)]));
        Assert.Equal(ErrorCode.None, (await reopened.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0)).Error);
        reopened.WaitForState("app", "CompleteCommit");
        Assert.Equal(2, reopened.Markers.Written.Count);
    }

    [Fact]
    public async Task A_commit_found_half_written_after_a_restart_gets_its_markers_and_completes()
    {
        using var dir = new TempDirectory();
        long pid;
        short epoch;
        var unreachable = new TransactionHarness.MarkerLog { Answer = _ => ErrorCode.NotLeaderOrFollower };
        using (var first = TransactionHarness.Open(dir.Path, markers: unreachable))
        {
            (pid, epoch) = await first.InitAsync("app");
            await first.Coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]);
            Assert.Equal(ErrorCode.None, (await first.Coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0)).Error);
            Assert.Equal("PrepareCommit", first.StateOf("app"));
        }

        using var reopened = TransactionHarness.Open(dir.Path);
        reopened.WaitForState("app", "CompleteCommit");
        var marker = Assert.Single(reopened.Markers.Written);
        Assert.Equal((Orders0, pid, epoch, true), (marker.Partition, marker.ProducerId, marker.Epoch, marker.Commit));
        Assert.Empty(unreachable.Written);
    }

    [Fact]
    public async Task A_transaction_past_its_timeout_is_aborted_and_its_producer_fenced()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var (pid, epoch) = await harness.InitAsync("slow", timeoutMs: 5000);
        await harness.Coordinator.AddPartitionsAsync("slow", pid, epoch, [Orders0]);

        harness.Clock.Advance(TimeSpan.FromMilliseconds(5000));
        harness.Coordinator.AbortTimedOutTransactions();
        Assert.Equal("Ongoing", harness.StateOf("slow")); // not older than the timeout yet
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        harness.Coordinator.AbortTimedOutTransactions();

        harness.WaitForState("slow", "CompleteAbort");
        var marker = Assert.Single(harness.Markers.Written);
        Assert.Equal((pid, (short)(epoch + 1), false), (marker.ProducerId, marker.Epoch, marker.Commit));
        Assert.Equal((short)(epoch + 1), harness.Coordinator.Describe("slow").ProducerEpoch);
        Assert.Equal(ErrorCode.ProducerFenced, await harness.Coordinator.AddPartitionsAsync("slow", pid, epoch, [Orders0]));
        Assert.Equal(ErrorCode.ProducerFenced, (await harness.Coordinator.EndTransactionAsync("slow", pid, epoch, commit: true, 0)).Error);
        var next = await harness.Coordinator.InitProducerIdAsync("slow", 5000);
        Assert.Equal((ErrorCode.None, (short)(epoch + 2)), (next.Error, next.ProducerEpoch));
    }

    [Fact]
    public async Task Idle_transactional_ids_expire_but_open_transactions_never_do()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock();
        using (var harness = TransactionHarness.Open(dir.Path, clock, configure: o => o.TransactionalIdExpirationMs = 60000))
        {
            await harness.InitAsync("idle");
            var (pid, epoch) = await harness.InitAsync("busy", timeoutMs: 900000);
            await harness.Coordinator.AddPartitionsAsync("busy", pid, epoch, [Orders0]);

            clock.Advance(TimeSpan.FromSeconds(59));
            await harness.Coordinator.RemoveExpiredTransactionalIdsAsync();
            Assert.Equal("Empty", harness.StateOf("idle"));
            clock.Advance(TimeSpan.FromSeconds(2));
            await harness.Coordinator.RemoveExpiredTransactionalIdsAsync();

            Assert.Equal(ErrorCode.TransactionalIdNotFound, harness.Coordinator.Describe("idle").Error);
            Assert.Equal("Ongoing", harness.StateOf("busy"));
        }

        using var reopened = TransactionHarness.Open(dir.Path, clock);
        Assert.Equal(ErrorCode.TransactionalIdNotFound, reopened.Coordinator.Describe("idle").Error);
        Assert.Equal("Ongoing", reopened.StateOf("busy"));
    }

    [Fact]
    public async Task An_exhausted_epoch_moves_the_id_to_a_new_producer_id_and_a_retry_gets_the_same_one()
    {
        using var dir = new TempDirectory();
        long oldPid;
        using (var first = TransactionHarness.Open(dir.Path))
        {
            (oldPid, _) = await first.InitAsync("old");
            // As if this id had been initialised 32766 times: its record says so.
            var exhausted = new TransactionTransit(oldPid, oldPid, -1, short.MaxValue - 1, -1, 60000, TransactionState.Empty,
                new HashSet<TopicPartition>(), -1, first.Clock.GetUtcNow().ToUnixTimeMilliseconds(), 0);
            await AppendRecordAsync(first, "old", exhausted);
        }

        using var reopened = TransactionHarness.Open(dir.Path);
        Assert.Equal((short)(short.MaxValue - 1), reopened.Coordinator.Describe("old").ProducerEpoch);
        const short exhaustedEpoch = short.MaxValue - 1;
        var rotated = await reopened.Coordinator.InitProducerIdAsync("old", 60000, oldPid, exhaustedEpoch);
        var retried = await reopened.Coordinator.InitProducerIdAsync("old", 60000, oldPid, exhaustedEpoch);

        Assert.Equal(ErrorCode.None, rotated.Error);
        Assert.NotEqual(oldPid, rotated.ProducerId);
        Assert.Equal(0, rotated.ProducerEpoch);
        Assert.Equal((ErrorCode.None, rotated.ProducerId, (short)0), (retried.Error, retried.ProducerId, retried.ProducerEpoch));
    }

    [Fact]
    public async Task Produce_verification_answers_as_the_coordinator_answers_a_verifying_AddPartitionsToTxn()
    {
        using var dir = new TempDirectory();
        using var harness = TransactionHarness.Open(dir.Path);
        var coordinator = harness.Coordinator;
        var (pid, epoch) = await harness.InitAsync("app");
        await coordinator.AddPartitionsAsync("app", pid, epoch, [Orders0]);

        Assert.Equal(ErrorCode.None, coordinator.VerifyTransactionalProduce("app", pid, epoch, "orders", 0));
        Assert.Equal(ErrorCode.TransactionAbortable, coordinator.VerifyTransactionalProduce("app", pid, epoch, "orders", 1));
        Assert.Equal(ErrorCode.ProducerFenced, coordinator.VerifyTransactionalProduce("app", pid, (short)(epoch - 1), "orders", 0));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, coordinator.VerifyTransactionalProduce("app", pid + 1, epoch, "orders", 0));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, coordinator.VerifyTransactionalProduce("other", pid, epoch, "orders", 0));
        Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, coordinator.VerifyTransactionalProduce(null, pid, epoch, "orders", 0));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Markers.Gate = gate;
        await coordinator.EndTransactionAsync("app", pid, epoch, commit: true, 0);
        Assert.Equal(ErrorCode.ConcurrentTransactions, coordinator.VerifyTransactionalProduce("app", pid, epoch, "orders", 0));
        gate.SetResult();
        harness.WaitForState("app", "CompleteCommit");
        Assert.Equal(ErrorCode.TransactionAbortable, coordinator.VerifyTransactionalProduce("app", pid, epoch, "orders", 0));
        harness.Options.TransactionPartitionVerificationEnable = false;
        Assert.Equal(ErrorCode.None, coordinator.VerifyTransactionalProduce("app", pid, epoch, "orders", 1));
    }

    [Fact]
    public async Task Until_its_partition_is_replayed_an_id_answers_coordinator_load_in_progress()
    {
        using var dir = new TempDirectory();
        string late;
        using (var first = TransactionHarness.Open(dir.Path))
        {
            await first.InitAsync("seed");
            late = Enumerable.Range(0, 100).Select(i => $"late-{i}").First(id => first.Coordinator.PartitionFor(id) == TransactionHarness.StatePartitions - 1);
            await first.InitAsync(late);
            // Partition 0 replays first: make it long, so the last partition is still waiting when the requests come.
            var log = first.Replicas.Find(TopicNames.TransactionState, 0)!;
            var idle = new TransactionTransit(1, 1, -1, 0, -1, 60000, TransactionState.Empty, new HashSet<TopicPartition>(), -1, 0, 0);
            for (int batch = 0; batch < 40; batch++)
            {
                using var builder = new RecordBatchBuilder();
                for (int i = 0; i < 1000; i++)
                {
                    builder.Append(0, new NullableBytes(TransactionLogRecords.Key($"filler-{batch}-{i}")), new NullableBytes(TransactionLogRecords.Value(idle)));
                }
                await log.AppendAsLeaderAsync(builder.ToArray(), 0);
            }
        }

        using var reopened = TransactionHarness.OpenWhileLoading(dir.Path);
        var init = await reopened.Coordinator.InitProducerIdAsync(late, 60000);
        var described = reopened.Coordinator.Describe(late);
        var listed = reopened.Coordinator.List([], []);

        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, init.Error);
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, described.Error);
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, listed.Error);
        Assert.Equal(ErrorCode.None, reopened.Coordinator.EnsureCoordinator(late)); // FindCoordinator does not wait for the load
        reopened.WaitUntil(() => reopened.Coordinator.AllShardsLoaded, "the shards to load");
        Assert.Equal(ErrorCode.None, (await reopened.Coordinator.InitProducerIdAsync(late, 60000)).Error);
        Assert.Equal(40_002, reopened.Coordinator.List([], []).Transactions.Count);
    }

    private static async Task AppendRecordAsync(TransactionHarness harness, string transactionalId, TransactionTransit transit)
    {
        var log = harness.Replicas.Find(TopicNames.TransactionState, harness.Coordinator.PartitionFor(transactionalId))!;
        using var builder = new RecordBatchBuilder();
        builder.Append(0, new NullableBytes(TransactionLogRecords.Key(transactionalId)), new NullableBytes(TransactionLogRecords.Value(transit)));
        await log.AppendAsLeaderAsync(builder.ToArray(), 0);
    }
}
