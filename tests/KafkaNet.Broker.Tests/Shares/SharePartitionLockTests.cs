using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionLockTests
{
    private readonly List<ArchivedRecords> _archived = [];

    [Fact]
    public void A_lock_runs_out_at_the_lock_duration_and_the_records_become_available()
    {
        var partition = new SharePartition(0, onArchived: _archived.AddRange);
        partition.Acquire("m1", Range(0, 2), 100, nowMs: 1_000);

        Assert.Equal(0, partition.ExpireLocks(30_999));
        Assert.Equal("[0,3) q1 q1 q1", Of(partition));
        Assert.Equal(3, partition.ExpireLocks(31_000));
        Assert.Equal("[0,3) a1 a1 a1", Of(partition));
        Assert.True(partition.TryGetRecord(1, out var record));
        Assert.Null(record.Owner);
    }

    [Fact]
    public void A_timed_out_record_on_its_last_delivery_is_archived()
    {
        var partition = new SharePartition(0, new SharePartitionConfig { DeliveryCountLimit = 2, RecordLockDurationMs = 100 }, _archived.AddRange);
        partition.Acquire("m1", Range(0, 1), 100, 0);
        partition.ExpireLocks(100);
        partition.Acquire("m1", Range(0, 0), 100, 100);
        partition.ExpireLocks(200);

        Assert.Equal("[1,2) a1", Of(partition));
        Assert.Equal([new ArchivedRecords(0, 0, 2, ArchiveReason.DeliveryLimitReached)], _archived);
    }

    [Fact]
    public void Acquire_and_acknowledge_expire_locks_first()
    {
        var partition = new SharePartition(0, new SharePartitionConfig { RecordLockDurationMs = 100 });
        partition.Acquire("m1", Range(0, 1), 100, 0);

        Assert.Equal(ErrorCode.InvalidRecordState, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Accept)], 100));
        Assert.Equal([new AcquiredRecords(0, 1, 2)], partition.Acquire("m2", Range(0, 1), 100, 100));
    }

    [Fact]
    public void Renew_keeps_the_lock_past_its_first_expiry()
    {
        var partition = new SharePartition(0, new SharePartitionConfig { RecordLockDurationMs = 100 });
        partition.Acquire("m1", Range(0, 1), 100, 0);
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Renew)], 90));

        Assert.Equal(1, partition.ExpireLocks(150));
        Assert.Equal("[0,2) q1 a1", Of(partition));
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Accept)], 189));
        Assert.Equal("[1,2) a1", Of(partition));
    }

    [Fact]
    public void Releasing_a_member_gives_back_only_its_records_and_archives_those_out_of_deliveries()
    {
        var partition = new SharePartition(0, new SharePartitionConfig { DeliveryCountLimit = 2 }, _archived.AddRange);
        partition.Acquire("m1", Range(0, 1), 100, 0);
        partition.Acknowledge("m1", [Ack(1, 1, AcknowledgeType.Release)], 0);
        partition.Acquire("m1", Range(1, 2), 100, 0);
        partition.Acquire("m2", Range(3, 4), 100, 0);
        Assert.Equal("[0,5) q1 q2 q1 q1 q1", Of(partition));

        Assert.Equal(3, partition.ReleaseMember("m1"));

        Assert.Equal("[0,5) a1 x2 a1 q1 q1", Of(partition));
        Assert.Equal([new ArchivedRecords(1, 1, 2, ArchiveReason.DeliveryLimitReached)], _archived);
        Assert.Equal(0, partition.ReleaseMember("m3"));
    }
}
