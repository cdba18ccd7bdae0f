using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionSnapshotTests
{
    [Fact]
    public void A_snapshot_holds_the_start_the_epoch_and_runs_of_equal_state_and_count()
    {
        var partition = new SharePartition(100, stateEpoch: 3);
        partition.Acquire("m1", Range(100, 109), 100, 0);
        partition.Acknowledge("m1", [
            Ack(100, 100, AcknowledgeType.Release), Ack(102, 103, AcknowledgeType.Accept),
            Ack(104, 104, AcknowledgeType.Reject), Ack(105, 106, AcknowledgeType.Accept)], 0);
        partition.Acquire("m2", Range(110, 111), 1, 0);

        var snapshot = partition.ToSnapshot();

        Assert.Equal(3, snapshot.StateEpoch);
        Assert.Equal(100, snapshot.StartOffset);
        Assert.Equal([
            new ShareStateBatch(100, 100, RecordDeliveryState.Available, 1),
            new ShareStateBatch(101, 101, RecordDeliveryState.Acquired, 1),
            new ShareStateBatch(102, 103, RecordDeliveryState.Acknowledged, 1),
            new ShareStateBatch(104, 104, RecordDeliveryState.Archived, 1),
            new ShareStateBatch(105, 106, RecordDeliveryState.Acknowledged, 1),
            new ShareStateBatch(107, 110, RecordDeliveryState.Acquired, 1)], snapshot.StateBatches);
    }

    [Fact]
    public void Loading_a_snapshot_makes_acquired_records_available_and_keeps_everything_else()
    {
        var original = new SharePartition(0, stateEpoch: 7);
        original.Acquire("m1", Range(0, 5), 100, 0);
        original.Acknowledge("m1", [Ack(1, 1, AcknowledgeType.Accept), Ack(2, 2, AcknowledgeType.Release), Ack(3, 3, AcknowledgeType.Reject)], 0);
        original.Acquire("m2", Range(2, 2), 100, 0);
        Assert.Equal("[0,6) q1 k1 q2 x1 q1 q1", Of(original));

        var loaded = new SharePartition(original.ToSnapshot());

        Assert.Equal("[0,6) a1 k1 a2 x1 a1 a1", Of(loaded));
        Assert.Equal(7, loaded.StateEpoch);
        Assert.Equal(0, loaded.NextFetchOffset);
        Assert.Equal([new AcquiredRecords(0, 0, 2), new AcquiredRecords(2, 2, 3), new AcquiredRecords(4, 5, 2)],
            loaded.Acquire("m3", Range(0, 6), 100, 0).Take(3));
        Assert.Equal("[0,7) q2 k1 q3 x1 q2 q2 q1", Of(loaded));
    }

    [Fact]
    public void A_round_trip_reproduces_the_same_snapshot_once_locks_are_gone()
    {
        var partition = new SharePartition(0);
        partition.Acquire("m1", Range(0, 9), 100, 0);
        partition.Acknowledge("m1", [Ack(0, 2, AcknowledgeType.Accept), Ack(4, 4, AcknowledgeType.Reject), Ack(6, 9, AcknowledgeType.Release)], 0);
        partition.ReleaseMember("m1");
        var snapshot = partition.ToSnapshot();

        var reloaded = new SharePartition(snapshot).ToSnapshot();

        Assert.Equal(snapshot.StartOffset, reloaded.StartOffset);
        Assert.Equal(snapshot.StateBatches, reloaded.StateBatches);
        Assert.Equal([
            new ShareStateBatch(3, 3, RecordDeliveryState.Available, 1),
            new ShareStateBatch(4, 4, RecordDeliveryState.Archived, 1),
            new ShareStateBatch(5, 9, RecordDeliveryState.Available, 1)], snapshot.StateBatches);
    }

    [Fact]
    public void Offsets_between_batches_load_as_never_delivered_and_a_completed_prefix_is_trimmed()
    {
        var snapshot = new SharePartitionSnapshot(1, 10, [
            new ShareStateBatch(8, 11, RecordDeliveryState.Acknowledged, 1),
            new ShareStateBatch(14, 14, RecordDeliveryState.Archived, 5)]);

        var loaded = new SharePartition(snapshot);

        Assert.Equal("[12,15) a0 a0 x5", Of(loaded));
        Assert.Equal([new ShareStateBatch(14, 14, RecordDeliveryState.Archived, 5)], loaded.ToSnapshot().StateBatches);
    }

    [Fact]
    public void Batches_out_of_order_or_with_an_unknown_state_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SharePartition(new SharePartitionSnapshot(0, 0, [
            new ShareStateBatch(5, 6, RecordDeliveryState.Archived, 1), new ShareStateBatch(3, 4, RecordDeliveryState.Archived, 1)])));
        Assert.Throws<ArgumentException>(() => new SharePartition(new SharePartitionSnapshot(0, 0, [
            new ShareStateBatch(0, 0, (RecordDeliveryState)5, 1)])));
        Assert.Equal(ErrorCode.None, new SharePartition(new SharePartitionSnapshot(0, 0, [])).Acknowledge("m", [], 0));
    }
}
