using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionAcquireTests
{
    [Fact]
    public void Defaults_are_kafkas()
    {
        var config = new SharePartitionConfig();
        Assert.Equal((5, 30_000L, 2000, false), (config.DeliveryCountLimit, config.RecordLockDurationMs, config.MaxRecordLocks, config.KeyOrdered));
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharePartition(0, new SharePartitionConfig { DeliveryCountLimit = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharePartition(0, new SharePartitionConfig { RecordLockDurationMs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharePartition(0, new SharePartitionConfig { MaxRecordLocks = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SharePartition(-1));
    }

    [Fact]
    public void Acquiring_new_records_locks_them_to_the_member_and_counts_the_delivery()
    {
        var partition = new SharePartition(10);
        var acquired = partition.Acquire("m1", Range(10, 14), 100, nowMs: 1000);

        Assert.Equal([new AcquiredRecords(10, 14, 1)], acquired);
        Assert.Equal("[10,15) q1 q1 q1 q1 q1", Of(partition));
        Assert.True(partition.TryGetRecord(12, out var record));
        Assert.Equal(new InFlightRecordView(RecordDeliveryState.Acquired, 1, "m1", 31_000), record);
        Assert.Equal(15, partition.NextFetchOffset);
    }

    [Fact]
    public void Max_records_caps_one_acquisition_and_the_rest_stays_for_the_next_fetch()
    {
        var partition = new SharePartition(0);
        Assert.Equal([new AcquiredRecords(0, 2, 1)], partition.Acquire("m1", Range(0, 9), 3, 0));
        Assert.Equal("[0,3) q1 q1 q1", Of(partition));
        Assert.Equal([new AcquiredRecords(3, 9, 1)], partition.Acquire("m2", Range(3, 9), 100, 0));
        Assert.Empty(partition.Acquire("m3", Range(0, 9), 100, 0));
    }

    [Fact]
    public void Released_records_are_redelivered_with_a_higher_count_in_runs_by_count()
    {
        var partition = new SharePartition(0);
        partition.Acquire("m1", Range(0, 3), 100, 0);
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(1, 2, AcknowledgeType.Release)], 0));
        Assert.Equal(1, partition.NextFetchOffset);

        var acquired = partition.Acquire("m2", Range(1, 5), 100, 0);

        Assert.Equal([new AcquiredRecords(1, 2, 2), new AcquiredRecords(4, 5, 1)], acquired);
        Assert.Equal("[0,6) q1 q2 q2 q1 q1 q1", Of(partition));
    }

    [Fact]
    public void The_window_never_grows_past_max_record_locks_until_the_start_offset_moves()
    {
        var partition = new SharePartition(0, new SharePartitionConfig { MaxRecordLocks = 4 });
        Assert.Equal([new AcquiredRecords(0, 3, 1)], partition.Acquire("m1", Range(0, 99), 100, 0));
        Assert.Empty(partition.Acquire("m2", Range(4, 99), 100, 0));

        partition.Acknowledge("m1", [Ack(0, 1, AcknowledgeType.Accept)], 0);

        Assert.Equal(2, partition.StartOffset);
        Assert.Equal([new AcquiredRecords(4, 5, 1)], partition.Acquire("m2", Range(4, 99), 100, 0));
        Assert.Equal("[2,6) q1 q1 q1 q1", Of(partition));
    }

    [Fact]
    public void A_fetch_starting_past_the_end_offset_leaves_the_skipped_offsets_available()
    {
        var partition = new SharePartition(0);
        partition.Acquire("m1", Range(0, 1), 100, 0);
        Assert.Equal([new AcquiredRecords(4, 5, 1)], partition.Acquire("m1", Range(4, 5), 100, 0));
        Assert.Equal("[0,6) q1 q1 a0 a0 q1 q1", Of(partition));
        Assert.Equal(2, partition.NextFetchOffset);
    }

    [Fact]
    public void An_empty_partition_moves_its_start_to_the_first_fetched_offset()
    {
        var partition = new SharePartition(0);
        partition.Acquire("m1", Range(50, 51), 100, 0);
        Assert.Equal("[50,52) q1 q1", Of(partition));
    }

    [Fact]
    public void A_record_already_at_the_delivery_limit_is_archived_instead_of_acquired()
    {
        var archived = new List<ArchivedRecords>();
        var snapshot = new SharePartitionSnapshot(1, 0, [new ShareStateBatch(0, 1, RecordDeliveryState.Acquired, 5)]);
        var partition = new SharePartition(snapshot, onArchived: archived.AddRange);

        Assert.Equal([new AcquiredRecords(2, 2, 1)], partition.Acquire("m1", Range(0, 2), 100, 0));
        Assert.Equal([new ArchivedRecords(0, 1, 5, ArchiveReason.DeliveryLimitReached)], archived);
        Assert.Equal("[2,3) q1", Of(partition));
    }

    [Fact]
    public void By_default_at_most_2000_offsets_are_in_flight()
    {
        var partition = new SharePartition(0);
        Assert.Equal([new AcquiredRecords(0, 1999, 1)], partition.Acquire("m1", Range(0, 4999), 10_000, 0));
        Assert.Empty(partition.Acquire("m2", Range(2000, 4999), 10_000, 0));
        Assert.Equal(2000, partition.EndOffset);
    }

    [Fact]
    public void A_long_stream_through_a_small_window_keeps_every_record_in_place()
    {
        // One record of each round stays acquired until the next round, so the window never empties and its
        // storage has to slide along the offsets.
        var partition = new SharePartition(0, new SharePartitionConfig { MaxRecordLocks = 9 });
        long? held = null;
        for (var round = 0; round < 1000; round++)
        {
            var start = partition.EndOffset;
            var acquired = partition.Acquire("m1", Range(start, start + 7), 2 + round % 6, 0);
            var first = acquired[0].FirstOffset;
            var last = acquired[^1].LastOffset;
            Assert.Equal((start, 1), (first, (int)acquired.Count));
            if (last > first) Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(first + 1, last, AcknowledgeType.Accept)], 0));
            if (held is { } previous)
            {
                Assert.Equal(previous, partition.StartOffset);
                Assert.True(partition.TryGetRecord(previous, out var record));
                Assert.Equal((RecordDeliveryState.Acquired, "m1"), (record.State, record.Owner));
                Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(previous, previous, AcknowledgeType.Accept)], 0));
            }
            Assert.Equal(first, partition.StartOffset);
            Assert.Equal(last + 1, partition.EndOffset);
            held = first;
        }
    }

    [Fact]
    public void Records_of_aborted_transactions_are_archived_unseen_and_never_dead_lettered()
    {
        var archived = new List<ArchivedRecords>();
        var partition = new SharePartition(0, onArchived: archived.AddRange) { DeadLettering = true };
        var fetched = Range(0, 5) with { Aborted = [(1, 2), (4, 4)] };

        Assert.Equal([new AcquiredRecords(0, 0, 1), new AcquiredRecords(3, 3, 1), new AcquiredRecords(5, 5, 1)], partition.Acquire("m1", fetched, 10, 0));
        Assert.Equal("[0,6) q1 x0 x0 q1 x0 q1", Of(partition));
        Assert.Empty(archived);
        Assert.False(partition.HasArchiving);
    }
}
