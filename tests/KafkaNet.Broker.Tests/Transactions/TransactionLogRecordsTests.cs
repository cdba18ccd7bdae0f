using System.Buffers.Binary;
using System.Text;
using KafkaNet.Broker.Transactions;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>__transaction_state records in Kafka's byte layout, so Kafka's tools read them and this broker reads Kafka's.</summary>
public sealed class TransactionLogRecordsTests
{
    [Fact]
    public void The_key_is_version_0_and_the_transactional_id()
    {
        Assert.Equal([0, 0, 0, 3, (byte)'a', (byte)'p', (byte)'p'], TransactionLogRecords.Key("app"));
    }

    [Fact]
    public void An_ongoing_transaction_is_value_version_0_with_its_partitions_grouped_by_topic()
    {
        var transit = new TransactionTransit(ProducerId: 5, PreviousProducerId: 5, NextProducerId: -1, ProducerEpoch: 2, LastProducerEpoch: -1,
            TimeoutMs: 60000, TransactionState.Ongoing, new HashSet<TopicPartition> { new("orders", 1), new("orders", 0) }, StartTimestamp: 100,
            LastUpdateTimestamp: 200, ClientTransactionVersion: 0);

        var expected = new List<byte>();
        Int16(expected, 0); // value version
        Int64(expected, 5);
        Int16(expected, 2);
        Int32(expected, 60000);
        expected.Add(1); // Ongoing
        Int32(expected, 1); // one topic
        Int16(expected, 6);
        expected.AddRange(Encoding.UTF8.GetBytes("orders"));
        Int32(expected, 2);
        Int32(expected, 0);
        Int32(expected, 1);
        Int64(expected, 200); // last update, then start
        Int64(expected, 100);

        Assert.Equal(expected, TransactionLogRecords.Value(transit));
    }

    [Fact]
    public void Empty_carries_no_partition_list_and_transaction_version_2_needs_value_version_1()
    {
        var empty = new TransactionTransit(7, 7, -1, 0, -1, 1000, TransactionState.Empty, new HashSet<TopicPartition>(), -1, 5, 0);
        var version2 = empty with { State = TransactionState.CompleteCommit, ClientTransactionVersion = 2 };

        byte[] emptyBytes = TransactionLogRecords.Value(empty);
        byte[] version2Bytes = TransactionLogRecords.Value(version2);

        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(emptyBytes));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian(emptyBytes.AsSpan(2 + 8 + 2 + 4 + 1))); // null array
        Assert.Equal(1, BinaryPrimitives.ReadInt16BigEndian(version2Bytes));
        var read = TransactionLogRecords.ReadValue("id", version2Bytes)!;
        Assert.Equal((7L, (short)0, TransactionState.CompleteCommit, (short)2), (read.ProducerId, read.ProducerEpoch, read.State, read.ClientTransactionVersion));
    }

    [Fact]
    public void Values_round_trip_and_unknown_versions_or_states_are_not_read()
    {
        var transit = new TransactionTransit(9, 3, -1, 4, -1, 2000, TransactionState.PrepareAbort,
            new HashSet<TopicPartition> { new("a", 0), new("b", 3) }, 10, 20, 0);
        byte[] bytes = TransactionLogRecords.Value(transit);

        var read = TransactionLogRecords.ReadValue("id", bytes)!;

        Assert.Equal((9L, 3L, (short)4, 2000, TransactionState.PrepareAbort, 10L, 20L),
            (read.ProducerId, read.PreviousProducerId, read.ProducerEpoch, read.TimeoutMs, read.State, read.StartTimestamp, read.LastUpdateTimestamp));
        Assert.Equal(transit.Partitions.OrderBy(p => p.Topic), read.Partitions.OrderBy(p => p.Topic));
        byte[] future = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt16BigEndian(future, 2);
        Assert.Null(TransactionLogRecords.ReadValue("id", future));
        byte[] badState = TransactionLogRecords.Value(transit with { PreviousProducerId = 9 });
        badState[2 + 8 + 2 + 4] = 9;
        Assert.Null(TransactionLogRecords.ReadValue("id", badState));
        Assert.False(TransactionLogRecords.TryReadKey([0, 1, 0, 0], out _));
    }

    private static void Int16(List<byte> to, short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        to.AddRange(bytes);
    }

    private static void Int32(List<byte> to, int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        to.AddRange(bytes);
    }

    private static void Int64(List<byte> to, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        to.AddRange(bytes);
    }
}
