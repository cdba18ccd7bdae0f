using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionAcknowledgeTests
{
    private readonly List<ArchivedRecords> _archived = [];

    private SharePartition AcquiredZeroToNine(SharePartitionConfig? config = null)
    {
        var partition = new SharePartition(0, config, _archived.AddRange);
        partition.Acquire("m1", Range(0, 4), 100, 0);
        partition.Acquire("m2", Range(5, 9), 100, 0);
        return partition;
    }

    [Fact]
    public void Each_type_moves_the_records_to_its_state()
    {
        var partition = AcquiredZeroToNine();
        var error = partition.Acknowledge("m2", [
            Ack(5, 5, AcknowledgeType.Accept), Ack(6, 6, AcknowledgeType.Release),
            Ack(7, 7, AcknowledgeType.Reject), Ack(8, 8, AcknowledgeType.Renew)], nowMs: 10_000);

        Assert.Equal(ErrorCode.None, error);
        Assert.Equal("[0,10) q1 q1 q1 q1 q1 k1 a1 x1 q1 q1", Of(partition));
        Assert.True(partition.TryGetRecord(8, out var renewed));
        Assert.Equal(40_000, renewed.LockExpiryMs);
        Assert.True(partition.TryGetRecord(6, out var released));
        Assert.Equal(new InFlightRecordView(RecordDeliveryState.Available, 1, null, 0), released);
        Assert.Equal([new ArchivedRecords(7, 7, 1, ArchiveReason.RejectedByClient)], _archived);
    }

    [Fact]
    public void The_start_offset_advances_over_a_completed_prefix_and_trims_it()
    {
        var partition = AcquiredZeroToNine();
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 1, AcknowledgeType.Accept), Ack(3, 4, AcknowledgeType.Accept)], 0));
        Assert.Equal("[2,10) q1 k1 k1 q1 q1 q1 q1 q1", Of(partition));

        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(2, 2, AcknowledgeType.Reject)], 0));
        Assert.Equal("[5,10) q1 q1 q1 q1 q1", Of(partition));
        Assert.False(partition.TryGetRecord(4, out _));

        Assert.Equal(ErrorCode.None, partition.Acknowledge("m2", [Ack(5, 9, AcknowledgeType.Accept)], 0));
        Assert.Equal("[10,10)", Of(partition));
        Assert.Equal(10, partition.NextFetchOffset);
    }

    [Fact]
    public void Released_five_times_a_record_is_archived_for_reaching_the_delivery_limit()
    {
        var partition = new SharePartition(0, onArchived: _archived.AddRange);
        for (var delivery = 1; delivery <= 5; delivery++)
        {
            Assert.Equal([new AcquiredRecords(0, 0, (short)delivery)], partition.Acquire("m1", Range(0, 0), 10, 0));
            Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Release)], 0));
            Assert.Equal(delivery < 5 ? "[0,1) a" + delivery : "[1,1)", Of(partition));
        }
        Assert.Equal([new ArchivedRecords(0, 0, 5, ArchiveReason.DeliveryLimitReached)], _archived);
        Assert.Empty(partition.Acquire("m1", Range(0, 0), 10, 0));
    }

    [Fact]
    public void A_gap_archives_offsets_without_records_and_reports_nothing()
    {
        var partition = AcquiredZeroToNine();
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 1, AcknowledgeType.Gap), Ack(2, 2, AcknowledgeType.Accept)], 0));
        Assert.Equal("[3,10) q1 q1 q1 q1 q1 q1 q1", Of(partition));
        Assert.Empty(_archived);
    }

    [Fact]
    public void A_reject_archives_after_one_delivery()
    {
        var partition = AcquiredZeroToNine();
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 4, AcknowledgeType.Reject)], 0));
        Assert.Equal([new ArchivedRecords(0, 4, 1, ArchiveReason.RejectedByClient)], _archived);
        Assert.Equal(5, partition.StartOffset);
    }

    [Theory]
    [InlineData("m1", 5, 5, AcknowledgeType.Accept, ErrorCode.InvalidRecordState)] // another member's record
    [InlineData("m3", 1, 1, AcknowledgeType.Accept, ErrorCode.InvalidRecordState)] // a member holding nothing
    [InlineData("m1", 3, 6, AcknowledgeType.Release, ErrorCode.InvalidRecordState)] // half mine, half not
    [InlineData("m2", 9, 10, AcknowledgeType.Accept, ErrorCode.InvalidRequest)] // past the end offset
    [InlineData("m2", 50, 60, AcknowledgeType.Accept, ErrorCode.InvalidRequest)] // never fetched
    [InlineData("m1", 2, 1, AcknowledgeType.Accept, ErrorCode.InvalidRequest)] // empty range
    [InlineData("m1", 1, 1, (AcknowledgeType)5, ErrorCode.InvalidRequest)] // unknown type
    public void An_invalid_batch_fails_the_whole_request_without_changing_any_record(
        string member, long first, long last, AcknowledgeType type, ErrorCode expected)
    {
        var partition = AcquiredZeroToNine();
        var before = Of(partition);

        var error = partition.Acknowledge(member, [Ack(0, 0, AcknowledgeType.Accept), Ack(first, last, type)], 0);

        // The first batch alone would be valid for m1; it must not be applied either.
        Assert.Equal(expected, error);
        Assert.Equal(before, Of(partition));
        Assert.Empty(_archived);
    }

    [Fact]
    public void Records_never_acquired_already_acknowledged_or_below_the_start_are_in_the_wrong_state()
    {
        var partition = AcquiredZeroToNine();
        partition.Acknowledge("m1", [Ack(0, 1, AcknowledgeType.Accept), Ack(2, 2, AcknowledgeType.Release), Ack(3, 3, AcknowledgeType.Reject)], 0);
        var before = Of(partition);

        Assert.Equal(ErrorCode.InvalidRecordState, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Accept)], 0)); // below SPSO
        Assert.Equal(ErrorCode.InvalidRecordState, partition.Acknowledge("m1", [Ack(2, 2, AcknowledgeType.Accept)], 0)); // available
        Assert.Equal(ErrorCode.InvalidRecordState, partition.Acknowledge("m1", [Ack(3, 3, AcknowledgeType.Release)], 0)); // archived
        Assert.Equal(before, Of(partition));

        partition.Acknowledge("m2", [Ack(6, 6, AcknowledgeType.Accept)], 0);
        Assert.Equal(ErrorCode.InvalidRecordState, partition.Acknowledge("m2", [Ack(6, 6, AcknowledgeType.Accept)], 0)); // acknowledged
    }

    [Fact]
    public void Batches_out_of_order_or_overlapping_are_an_invalid_request()
    {
        var partition = AcquiredZeroToNine();
        Assert.Equal(ErrorCode.InvalidRequest, partition.Acknowledge("m1", [Ack(2, 3, AcknowledgeType.Accept), Ack(0, 1, AcknowledgeType.Accept)], 0));
        Assert.Equal(ErrorCode.InvalidRequest, partition.Acknowledge("m1", [Ack(0, 2, AcknowledgeType.Accept), Ack(2, 3, AcknowledgeType.Reject)], 0));
        Assert.Equal("[0,10) q1 q1 q1 q1 q1 q1 q1 q1 q1 q1", Of(partition));
    }
}
