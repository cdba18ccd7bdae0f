using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionDeadLetterTests
{
    private static readonly SharePartitionConfig LimitTwo = new() { DeliveryCountLimit = 2 };

    private static SharePartition DeadLettering(SharePartitionConfig? config = null)
    {
        var partition = new SharePartition(0, config ?? LimitTwo) { DeadLettering = true };
        partition.Acquire("m1", Range(0, 5), 100, 0);
        return partition;
    }

    [Fact]
    public void Rejected_and_exhausted_records_wait_in_archiving_and_hold_the_start_offset()
    {
        var partition = DeadLettering();
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Reject), Ack(1, 3, AcknowledgeType.Accept)], 0));
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(4, 5, AcknowledgeType.Release)], 0));
        partition.Acquire("m1", Range(4, 5), 100, 0);
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(4, 5, AcknowledgeType.Release)], 0));

        Assert.Equal("[0,6) z1 k1 k1 k1 z2 z2", Of(partition));
        Assert.True(partition.HasArchiving);
        Assert.Equal(6, partition.NextFetchOffset);
        Assert.Equal(
            [new ArchivedRecords(0, 0, 1, ArchiveReason.RejectedByClient), new ArchivedRecords(4, 5, 2, ArchiveReason.DeliveryLimitReached)],
            partition.ArchivingRuns(100, out bool mayBeWritten));
        Assert.False(mayBeWritten);
    }

    [Fact]
    public void Finishing_archives_the_records_and_moves_the_start_offset_on()
    {
        var partition = DeadLettering();
        partition.Acknowledge("m1", [Ack(0, 1, AcknowledgeType.Reject), Ack(2, 5, AcknowledgeType.Accept)], 0);

        Assert.Equal(1, partition.FinishArchiving(0, 0));
        Assert.Equal("[1,6) z1 k1 k1 k1 k1", Of(partition));
        Assert.Equal(1, partition.FinishArchiving(0, 10));
        Assert.Equal("[6,6)", Of(partition));
        Assert.False(partition.HasArchiving);
        Assert.Equal(0, partition.FinishArchiving(0, 10));
    }

    [Fact]
    public void Runs_taken_for_a_write_are_reported_as_possibly_written_the_next_time()
    {
        var partition = DeadLettering();
        partition.Acknowledge("m1", [Ack(0, 5, AcknowledgeType.Reject)], 0);

        Assert.Equal([new ArchivedRecords(0, 1, 1, ArchiveReason.RejectedByClient)], partition.ArchivingRuns(2, out bool first));
        Assert.False(first);
        Assert.Equal(2, partition.FinishArchiving(0, 1));
        Assert.Equal([new ArchivedRecords(2, 5, 1, ArchiveReason.RejectedByClient)], partition.ArchivingRuns(100, out bool rest));
        Assert.False(rest);
        Assert.Equal([new ArchivedRecords(2, 5, 1, ArchiveReason.RejectedByClient)], partition.ArchivingRuns(100, out bool again));
        Assert.True(again);
    }

    [Fact]
    public void Archiving_is_persisted_and_loads_back_in_doubt_with_the_reason_read_from_the_delivery_count()
    {
        var partition = DeadLettering();
        partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Reject), Ack(1, 1, AcknowledgeType.Release), Ack(2, 5, AcknowledgeType.Accept)], 0);
        partition.Acquire("m1", Range(1, 1), 100, 0);
        partition.Acknowledge("m1", [Ack(1, 1, AcknowledgeType.Release)], 0);

        var snapshot = partition.ToSnapshot();
        Assert.Contains(snapshot.StateBatches, b => b.DeliveryState == RecordDeliveryState.Archiving);
        var loaded = new SharePartition(snapshot, LimitTwo);

        Assert.Equal("[0,6) z1 z2 k1 k1 k1 k1", Of(loaded));
        Assert.Equal(
            [new ArchivedRecords(0, 0, 1, ArchiveReason.RejectedByClient), new ArchivedRecords(1, 1, 2, ArchiveReason.DeliveryLimitReached)],
            loaded.ArchivingRuns(100, out bool mayBeWritten));
        Assert.True(mayBeWritten);
    }

    [Fact]
    public void Without_a_dead_letter_topic_records_are_archived_at_once_and_gaps_never_wait()
    {
        var partition = new SharePartition(0, LimitTwo);
        partition.Acquire("m1", Range(0, 1), 100, 0);
        partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Reject)], 0);
        Assert.Equal("[1,2) q1", Of(partition));

        var dead = DeadLettering();
        dead.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Gap)], 0);
        Assert.Equal("[1,6) q1 q1 q1 q1 q1", Of(dead));
        Assert.False(dead.HasArchiving);
    }

    [Fact]
    public void A_timed_out_last_delivery_goes_to_archiving_too()
    {
        var partition = new SharePartition(0, LimitTwo with { RecordLockDurationMs = 10 }) { DeadLettering = true };
        partition.Acquire("m1", Range(0, 0), 100, 0);
        partition.ExpireLocks(10);
        partition.Acquire("m1", Range(0, 0), 100, 10);
        Assert.Equal(1, partition.ExpireLocks(20));

        Assert.Equal("[0,1) z2", Of(partition));
        Assert.Equal([new ArchivedRecords(0, 0, 2, ArchiveReason.DeliveryLimitReached)], partition.ArchivingRuns(1, out _));
    }
}
