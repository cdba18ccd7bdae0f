using KafkaNet.Protocol.Records;
using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Replication;

public class FollowerAppendTests
{
    private const long Pid = 4000;

    [Fact]
    public async Task Follower_append_keeps_the_leaders_offsets_epochs_and_bytes()
    {
        using var dir = new TempDir();
        using PartitionLog leader = PartitionLog.Open(dir.Partition("leader"), new LogConfig());
        using PartitionLog follower = PartitionLog.Open(dir.Partition("follower"), new LogConfig());
        await leader.AppendAsLeaderAsync(TestBatches.Make(3), 1);
        await leader.AppendAsLeaderAsync(TestBatches.Make(2), 1);
        await leader.AppendAsLeaderAsync(TestBatches.Make(4), 3);
        byte[] fetched = FollowerBatches.Fetch(leader, 0);

        LogAppendInfo info = await follower.AppendAsFollowerAsync(fetched.ToArray());

        Assert.Equal((0L, 8L, 9), (info.FirstOffset, info.LastOffset, info.RecordCount));
        Assert.Equal(9, follower.LogEndOffset);
        Assert.Equal(fetched, FollowerBatches.Fetch(follower, 0));
        Assert.Equal([(1, 0L), (3, 5L)], follower.LeaderEpochs.Entries);
        Assert.Equal(leader.EndOffsetForEpoch(1), follower.EndOffsetForEpoch(1));
    }

    [Fact]
    public async Task Follower_append_refuses_a_gap_or_an_overlap_and_writes_nothing()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsFollowerAsync(FollowerBatches.At(0, 0, records: 5));

        var gap = await Assert.ThrowsAsync<OffsetsOutOfOrderException>(() => log.AppendAsFollowerAsync(FollowerBatches.At(6, 0)));
        var overlap = await Assert.ThrowsAsync<OffsetsOutOfOrderException>(() => log.AppendAsFollowerAsync(FollowerBatches.At(4, 0)));
        byte[] inner = [.. FollowerBatches.At(5, 0, records: 2), .. FollowerBatches.At(6, 0)];
        var innerOverlap = await Assert.ThrowsAsync<OffsetsOutOfOrderException>(() => log.AppendAsFollowerAsync(inner));

        Assert.Equal((5L, 6L), (gap.ExpectedOffset, gap.FoundOffset));
        Assert.Equal((5L, 4L), (overlap.ExpectedOffset, overlap.FoundOffset));
        Assert.Equal((7L, 6L), (innerOverlap.ExpectedOffset, innerOverlap.FoundOffset));
        Assert.Equal(5, log.LogEndOffset);
        Assert.Single(TestBatches.ReadAll(log));
    }

    [Fact]
    public async Task Follower_append_refuses_a_corrupt_batch()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), new LogConfig());
        byte[] batch = FollowerBatches.At(0, 0, records: 3);
        batch[^1] ^= 0xFF;

        var refused = await Assert.ThrowsAsync<InvalidRecordBatchException>(() => log.AppendAsFollowerAsync(batch));

        Assert.Equal(RecordBatchValidationResult.BadCrc, refused.Problem);
        Assert.Equal(0, log.LogEndOffset);
    }

    [Fact]
    public async Task Follower_append_in_a_compacted_log_accepts_offsets_that_skip_ahead()
    {
        using var dir = new TempDir();
        using PartitionLog log = PartitionLog.Open(dir.Partition(), new LogConfig { CleanupPolicy = "compact" });
        byte[] batches = [.. FollowerBatches.At(0, 0, records: 2), .. FollowerBatches.At(5, 0)];

        await log.AppendAsFollowerAsync(batches);

        Assert.Equal(6, log.LogEndOffset);
        await Assert.ThrowsAsync<OffsetsOutOfOrderException>(() => log.AppendAsFollowerAsync(FollowerBatches.At(5, 0)));
    }

    [Fact]
    public async Task Producer_state_copied_by_a_follower_lets_it_continue_the_sequence_as_leader()
    {
        using var dir = new TempDir();
        using PartitionLog leader = PartitionLog.Open(dir.Partition("leader"), new LogConfig());
        using PartitionLog follower = PartitionLog.Open(dir.Partition("follower"), new LogConfig());
        await leader.AppendAsLeaderAsync(Make(Pid, 2, 0, records: 3), 1);
        await leader.AppendAsLeaderAsync(Make(Pid, 2, 3, records: 2), 1);
        await follower.AppendAsFollowerAsync(FollowerBatches.Fetch(leader, 0));

        // The follower becomes leader in epoch 2: a retry is a duplicate, a gap is out of order, the next sequence fits.
        LogAppendInfo retry = await follower.AppendAsLeaderAsync(Make(Pid, 2, 3, records: 2), 2);
        var gap = await Assert.ThrowsAsync<ProducerAppendException>(() => follower.AppendAsLeaderAsync(Make(Pid, 2, 7), 2));
        LogAppendInfo next = await follower.AppendAsLeaderAsync(Make(Pid, 2, 5), 2);

        Assert.True(retry.Duplicate);
        Assert.Equal((3L, 4L), (retry.FirstOffset, retry.LastOffset));
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, gap.Error);
        Assert.Equal(5, next.FirstOffset);
        Assert.Equal(5, Assert.Single(follower.ActiveProducers()).LastSequence);
    }

    [Fact]
    public async Task Follower_copies_transactions_markers_and_the_aborted_index()
    {
        using var dir = new TempDir();
        using PartitionLog leader = PartitionLog.Open(dir.Partition("leader"), new LogConfig());
        using PartitionLog follower = PartitionLog.Open(dir.Partition("follower"), new LogConfig());
        await leader.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2, transactional: true), 1);
        await leader.AppendAsLeaderAsync(Make(Pid + 1, 0, 0, records: 1, transactional: true), 1);
        await leader.AppendEndTxnMarkerAsync(Pid, 0, 5, commit: false, 1);

        await follower.AppendAsFollowerAsync(FollowerBatches.Fetch(leader, 0));

        Assert.Equal(2, follower.LastStableOffset);
        var aborted = new List<AbortedTransaction>();
        follower.CollectAbortedTransactions(0, long.MaxValue, aborted);
        Assert.Equal(new AbortedTransaction(Pid, 0, 3, 2), Assert.Single(aborted));
        await follower.AppendAsFollowerAsync(FollowerBatches.Placed(ControlBatchBuilder.EndTxnMarker(Pid + 1, 0, 5, true, 1_000), 4, 1));
        Assert.Equal(5, follower.LastStableOffset);
        Assert.DoesNotContain(follower.ActiveProducers(), p => p.CurrentTxnStartOffset >= 0);
    }

    [Fact]
    public async Task Follower_append_ignores_max_message_bytes_and_keeps_offsets_after_reopen()
    {
        using var dir = new TempDir();
        var config = new LogConfig { MaxMessageBytes = 100, SegmentBytes = 1024 };
        using (PartitionLog log = PartitionLog.Open(dir.Partition(), config))
        {
            for (int i = 0; i < 10; i++)
            {
                await log.AppendAsFollowerAsync(FollowerBatches.At(i * 3, 1 + (i / 4), records: 3));
            }
        }

        using PartitionLog reopened = PartitionLog.Open(dir.Partition(), config);
        Assert.Equal(30, reopened.LogEndOffset);
        Assert.True(reopened.Segments.Count > 1);
        Assert.Equal([(1, 0L), (2, 12L), (3, 24L)], reopened.LeaderEpochs.Entries);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 3L), TestBatches.ReadAll(reopened).Select(b => b.BaseOffset));
    }
}
