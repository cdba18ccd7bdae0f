using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class SharePartitionKeyOrderTests
{
    private static readonly SharePartitionConfig KeyOrdered = new() { KeyOrdered = true, RecordLockDurationMs = 100 };

    // Offsets 0..5 carry keys a b a c b a.
    private static readonly FetchedRecords AbacbaAtZero = Keyed(0, "abacba");

    [Fact]
    public void A_key_held_by_one_member_is_not_given_to_another()
    {
        var partition = new SharePartition(0, KeyOrdered);
        Assert.Equal([new AcquiredRecords(0, 1, 1)], partition.Acquire("m1", AbacbaAtZero, 2, 0));

        // 2 (a) and 4 (b) belong to keys m1 holds, and 5 (a) must wait behind 2; only 3 (c) is free.
        Assert.Equal([new AcquiredRecords(3, 3, 1)], partition.Acquire("m2", Keyed(2, "acba"), 100, 0));
        Assert.Equal("[0,6) q1 q1 a0 q1 a0 a0", Of(partition));
    }

    [Fact]
    public void The_holder_of_a_key_gets_its_next_records_once_it_acknowledged_the_earlier_one()
    {
        var partition = new SharePartition(0, KeyOrdered);
        partition.Acquire("m1", AbacbaAtZero, 2, 0);
        Assert.Equal([new AcquiredRecords(3, 3, 1)], partition.Acquire("m1", Keyed(2, "acba"), 100, 0));

        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Accept)], 0));

        // 2 and 5 (a) go out together, in order; 4 (b) still waits behind 1.
        Assert.Equal([new AcquiredRecords(2, 2, 1), new AcquiredRecords(5, 5, 1)], partition.Acquire("m1", Keyed(2, "acba"), 100, 0));
    }

    [Fact]
    public void Different_keys_spread_over_members()
    {
        var partition = new SharePartition(0, KeyOrdered);
        Assert.Equal([new AcquiredRecords(0, 0, 1)], partition.Acquire("m1", Keyed(0, "abcd"), 1, 0));
        Assert.Equal([new AcquiredRecords(1, 1, 1)], partition.Acquire("m2", Keyed(1, "bcd"), 1, 0));
        Assert.Equal([new AcquiredRecords(2, 3, 1)], partition.Acquire("m3", Keyed(2, "cd"), 5, 0));
    }

    [Fact]
    public void A_released_record_is_redelivered_before_later_records_of_its_key()
    {
        var partition = new SharePartition(0, KeyOrdered);
        partition.Acquire("m1", AbacbaAtZero, 1, 0);
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m1", [Ack(0, 0, AcknowledgeType.Release)], 0));

        // m2 fetches from 1: offset 0 (a) waits for redelivery, so 2 and 5 (a) are held back.
        Assert.Equal([new AcquiredRecords(1, 1, 1), new AcquiredRecords(3, 4, 1)], partition.Acquire("m2", Keyed(1, "bacba"), 100, 0));
        // m3 gets 0 again, and after it, nothing else of key a is free while m3 holds it.
        Assert.Equal([new AcquiredRecords(0, 0, 2)], partition.Acquire("m3", AbacbaAtZero, 1, 0));
        Assert.Empty(partition.Acquire("m2", Keyed(2, "acba"), 100, 0));
        Assert.Empty(partition.Acquire("m3", Keyed(2, "acba"), 100, 0));
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m3", [Ack(0, 0, AcknowledgeType.Accept)], 0));
        Assert.Equal([new AcquiredRecords(2, 2, 1), new AcquiredRecords(5, 5, 1)], partition.Acquire("m2", Keyed(2, "acba"), 100, 0));
    }

    [Fact]
    public void Timed_out_records_keep_their_key_order()
    {
        var partition = new SharePartition(0, KeyOrdered);
        Assert.Equal([new AcquiredRecords(0, 2, 1)], partition.Acquire("m1", Keyed(0, "aab"), 100, 0));
        partition.ExpireLocks(100);

        // With room for one record, m2 takes offset 0; offset 1 (a) must not go to m3 before 0 is done.
        Assert.Equal([new AcquiredRecords(0, 0, 2)], partition.Acquire("m2", Keyed(0, "aab"), 1, 100));
        Assert.Equal([new AcquiredRecords(2, 2, 2)], partition.Acquire("m3", Keyed(0, "aab"), 100, 100));
        Assert.Equal(ErrorCode.None, partition.Acknowledge("m2", [Ack(0, 0, AcknowledgeType.Accept)], 100));
        Assert.Equal([new AcquiredRecords(1, 1, 2)], partition.Acquire("m3", Keyed(1, "ab"), 100, 100));
    }

    [Fact]
    public void Records_without_a_key_are_not_ordered()
    {
        var partition = new SharePartition(0, KeyOrdered);
        partition.Acquire("m1", Keyed(0, "--"), 1, 0);
        Assert.Equal([new AcquiredRecords(1, 1, 1)], partition.Acquire("m2", Keyed(1, "-"), 1, 0));
    }

    [Fact]
    public void Keys_are_compared_by_their_bytes()
    {
        var partition = new SharePartition(0, KeyOrdered);
        partition.Acquire("m1", new FetchedRecords(0, 0, [[1, 2]]), 1, 0);
        Assert.Empty(partition.Acquire("m2", new FetchedRecords(1, 1, [[1, 2]]), 1, 0));
        Assert.Equal([new AcquiredRecords(2, 2, 1)], partition.Acquire("m2", new FetchedRecords(2, 2, [[1, 3]]), 1, 0));
    }

    [Fact]
    public void Without_key_order_the_same_key_goes_to_any_member()
    {
        var partition = new SharePartition(0);
        partition.Acquire("m1", Keyed(0, "aa"), 1, 0);
        Assert.Equal([new AcquiredRecords(1, 1, 1)], partition.Acquire("m2", Keyed(1, "a"), 1, 0));
    }
}
