using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Producers;

public class IdempotenceTests
{
    private const long Pid = 1000;

    private static PartitionLog OpenLog(TempDir dir, LogConfig? config = null, TimeProvider? time = null) =>
        PartitionLog.Open(dir.Partition(), config ?? new LogConfig(), time: time);

    // Refusals are thrown by the call itself, as for invalid batches; ThrowsAsync catches those too.
    private static async Task<ProducerAppendError> Refused(Func<Task<LogAppendInfo>> append) =>
        (await Assert.ThrowsAsync<ProducerAppendException>(append)).Error;

    [Fact]
    public async Task Duplicate_of_the_last_batch_returns_its_original_offsets_and_writes_nothing()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);
        LogAppendInfo first = await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 4), 0);
        long end = log.LogEndOffset;
        long size = log.Size;

        LogAppendInfo retry = await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 4), 0);

        Assert.True(retry.Duplicate);
        Assert.False(first.Duplicate);
        Assert.Equal((3L, 6L), (first.FirstOffset, first.LastOffset));
        Assert.Equal((first.FirstOffset, first.LastOffset), (retry.FirstOffset, retry.LastOffset));
        Assert.Equal(end, log.LogEndOffset);
        Assert.Equal(size, log.Size);
    }

    [Fact]
    public async Task Each_of_the_last_five_batches_is_recognised_but_not_the_sixth_last()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        var originals = new List<LogAppendInfo>();
        for (int i = 0; i < 6; i++)
        {
            originals.Add(await log.AppendAsLeaderAsync(Make(Pid, 0, i * 2, records: 2), 0));
        }

        for (int i = 1; i < 6; i++)
        {
            LogAppendInfo retry = await log.AppendAsLeaderAsync(Make(Pid, 0, i * 2, records: 2), 0);
            Assert.True(retry.Duplicate);
            Assert.Equal(originals[i].FirstOffset, retry.FirstOffset);
        }

        // The first batch fell out of the five retained: its retry is out of sequence, as with Kafka.
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2), 0)));
        Assert.Equal(12, log.LogEndOffset);
    }

    [Fact]
    public async Task Sequence_gap_is_refused_as_out_of_order_and_nothing_is_written()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 3), 0);

        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 4), 0)));
        Assert.Equal(3, log.LogEndOffset);
        Assert.Equal(2, Assert.Single(log.ActiveProducers()).LastSequence);
        // A batch overlapping the last one without matching it exactly is out of order too.
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 1, records: 2), 0)));
        Assert.Equal(3, (await log.AppendAsLeaderAsync(Make(Pid, 0, 3), 0)).FirstOffset);
    }

    [Fact]
    public async Task Older_epoch_is_refused_as_invalid_producer_epoch()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 3, 0), 0);

        Assert.Equal(ProducerAppendError.InvalidProducerEpoch, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 2, 1), 0)));
        Assert.Equal(1, log.LogEndOffset);
    }

    [Fact]
    public async Task New_epoch_starts_at_sequence_zero_and_forgets_the_old_epochs_batches()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 5), 0);

        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 1, 5), 0)));
        LogAppendInfo bumped = await log.AppendAsLeaderAsync(Make(Pid, 1, 0, records: 2), 0);
        Assert.False(bumped.Duplicate);
        Assert.Equal(5, bumped.FirstOffset);
        Assert.Equal(7, (await log.AppendAsLeaderAsync(Make(Pid, 1, 2), 0)).FirstOffset);
        // The old epoch is now fenced, even for what used to be a duplicate.
        Assert.Equal(ProducerAppendError.InvalidProducerEpoch, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 5), 0)));
        ProducerStateInfo state = Assert.Single(log.ActiveProducers());
        Assert.Equal((1, 2), (state.ProducerEpoch, state.LastSequence));
    }

    [Fact]
    public async Task Producer_unknown_to_the_partition_may_start_at_any_sequence_as_since_kafka_2_5()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);

        LogAppendInfo info = await log.AppendAsLeaderAsync(Make(Pid, 4, 42, records: 2), 0);

        Assert.False(info.Duplicate);
        Assert.Equal(43, Assert.Single(log.ActiveProducers()).LastSequence);
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 4, 50), 0)));
        await log.AppendAsLeaderAsync(Make(Pid, 4, 44), 0);
    }

    [Fact]
    public async Task Sequence_wraps_from_int_max_to_zero()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 0, int.MaxValue - 1, records: 1), 0);

        // int.MaxValue, 0, 1: the batch's last sequence wraps.
        LogAppendInfo wrapping = await log.AppendAsLeaderAsync(Make(Pid, 0, int.MaxValue, records: 3), 0);
        Assert.Equal(1, Assert.Single(log.ActiveProducers()).LastSequence);
        Assert.True((await log.AppendAsLeaderAsync(Make(Pid, 0, int.MaxValue, records: 3), 0)).Duplicate);
        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 0), 0)));
        LogAppendInfo next = await log.AppendAsLeaderAsync(Make(Pid, 0, 2), 0);
        Assert.Equal(wrapping.LastOffset + 1, next.FirstOffset);
    }

    [Fact]
    public async Task Sequence_after_int_max_must_be_zero()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 0, int.MaxValue), 0);

        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(Make(Pid, 0, 1), 0)));
        Assert.Equal(1, (await log.AppendAsLeaderAsync(Make(Pid, 0, 0), 0)).FirstOffset);
    }

    [Fact]
    public async Task Coordinator_appends_skip_sequence_checks_but_not_epoch_checks()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 2, -1, transactional: true), 0, checksumVerified: false, AppendOrigin.Coordinator);
        await log.AppendAsLeaderAsync(Make(Pid, 2, -1, transactional: true), 0, checksumVerified: false, AppendOrigin.Coordinator);

        var refused = await Assert.ThrowsAsync<ProducerAppendException>(() =>
            log.AppendAsLeaderAsync(Make(Pid, 1, -1, transactional: true), 0, checksumVerified: false, AppendOrigin.Coordinator));
        Assert.Equal(ProducerAppendError.InvalidProducerEpoch, refused.Error);
        Assert.Equal(2, log.LogEndOffset);
    }

    [Fact]
    public async Task Replication_appends_refuse_nothing_but_update_the_state()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 5, 0), 0);

        await log.AppendAsLeaderAsync(Make(Pid, 4, 9), 0, checksumVerified: false, AppendOrigin.Replication);
        await log.AppendAsLeaderAsync(Make(Pid, 4, 9), 0, checksumVerified: false, AppendOrigin.Replication);

        Assert.Equal(3, log.LogEndOffset);
        Assert.Equal(9, Assert.Single(log.ActiveProducers()).LastSequence);
    }

    [Fact]
    public async Task Append_of_several_batches_is_refused_whole_when_one_of_them_is()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2), 0);
        byte[] both = [.. Make(Pid, 0, 2, records: 2), .. Make(Pid, 0, 9)];

        Assert.Equal(ProducerAppendError.OutOfOrderSequence, await Refused(() => log.AppendAsLeaderAsync(both, 0)));
        Assert.Equal(2, log.LogEndOffset);
        Assert.Equal(1, Assert.Single(log.ActiveProducers()).LastSequence);

        // Two batches of one producer in one append are checked one after the other.
        byte[] chained = [.. Make(Pid, 0, 2, records: 2), .. Make(Pid, 0, 4, records: 3)];
        Assert.Equal(6, (await log.AppendAsLeaderAsync(chained, 0)).LastOffset);
        Assert.Equal(6, Assert.Single(log.ActiveProducers()).LastSequence);
    }

    [Fact]
    public async Task Appends_without_producer_id_leave_no_producer_state()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir);
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);
        await log.AppendAsLeaderAsync(TestBatches.Make(3), 0);

        Assert.Empty(log.ActiveProducers());
        Assert.Equal(6, log.LastStableOffset);
    }

    [Fact]
    public async Task Duplicate_in_durable_mode_completes_once_its_original_is_on_disk()
    {
        using var dir = new TempDir();
        using PartitionLog log = OpenLog(dir, new LogConfig { Durable = true });
        LogAppendInfo first = await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2), 0);

        LogAppendInfo retry = await log.AppendAsLeaderAsync(Make(Pid, 0, 0, records: 2), 0);

        Assert.True(retry.Duplicate);
        Assert.Equal(first.FirstOffset, retry.FirstOffset);
        Assert.True(log.RecoveryPoint > retry.LastOffset);
    }
}
