using System.Buffers;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using Record = KafkaNet.Protocol.Records.Record;

namespace KafkaNet.Protocol.Tests.Records;

public class ControlBatchTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void End_txn_marker_is_one_uncompressed_control_record_with_kafkas_key_and_value(bool commit, byte type)
    {
        byte[] batch = ControlBatchBuilder.EndTxnMarker(producerId: 4242, producerEpoch: 7, coordinatorEpoch: 0x01020304, commit, timestamp: 1_700_000_000_123);

        Assert.Equal(78, batch.Length);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(batch, out RecordBatchHeader header));
        Assert.True(header.IsControl);
        Assert.True(header.IsTransactional);
        Assert.Equal(CompressionCodec.None, header.Compression);
        Assert.Equal((4242L, (short)7, -1, 1, 0), (header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.RecordCount, header.LastOffsetDelta));
        Assert.Equal((1_700_000_000_123L, 1_700_000_000_123L), (header.BaseTimestamp, header.MaxTimestamp));
        var reader = new RecordReader(batch.AsSpan(RecordBatchHeader.Size), header);
        Assert.Equal(RecordReadResult.Record, reader.TryReadNext(out Record record));
        Assert.Equal(new byte[] { 0, 0, 0, type }, record.Key.ToArray());
        Assert.Equal(new byte[] { 0, 0, 1, 2, 3, 4 }, record.Value.ToArray());
        Assert.Equal(0, record.HeaderCount);
        Assert.Equal(RecordReadResult.End, reader.TryReadNext(out _));
    }

    [Fact]
    public void Reader_returns_the_marker_type_and_coordinator_epoch_of_a_built_batch()
    {
        var output = new ArrayBufferWriter<byte>();
        int written = ControlBatchBuilder.WriteEndTxnMarker(output, 9, 1, coordinatorEpoch: 12, commit: false, timestamp: 5, baseOffset: 300, partitionLeaderEpoch: 3);

        Assert.Equal(ControlBatchBuilder.EndTxnMarkerSize, written);
        Assert.True(ControlRecordReader.TryReadEndTxnMarker(output.WrittenSpan, out ControlRecordType type, out int coordinatorEpoch));
        Assert.Equal((ControlRecordType.Abort, 12), (type, coordinatorEpoch));
        RecordBatchHeader header = RecordBatchHeader.Read(output.WrittenSpan);
        Assert.Equal((300L, 3), (header.BaseOffset, header.PartitionLeaderEpoch));
    }

    [Fact]
    public void Reader_refuses_data_batches_and_control_records_that_are_not_transaction_markers()
    {
        using var data = new RecordBatchBuilder { ProducerId = 1, ProducerEpoch = 0, BaseSequence = 0, IsTransactional = true };
        data.Append(1, new byte[] { 0, 0, 0, 1 }, new byte[] { 0, 0, 0, 0, 0, 1 });
        Assert.False(ControlRecordReader.TryReadEndTxnMarker(data.ToArray(), out _, out _));

        // A KRaft LEADER_CHANGE control record (type 2) is a control record but no marker.
        using var leaderChange = new RecordBatchBuilder { IsControl = true };
        leaderChange.Append(1, new byte[] { 0, 0, 0, 2 }, new byte[] { 0, 0, 0, 0, 0, 1 });
        Assert.False(ControlRecordReader.TryReadEndTxnMarker(leaderChange.ToArray(), out _, out _));

        byte[] marker = ControlBatchBuilder.EndTxnMarker(1, 0, 0, commit: true, timestamp: 0);
        Assert.False(ControlRecordReader.TryReadEndTxnMarker(marker.AsSpan(0, marker.Length - 1), out _, out _));
    }

    [Fact]
    public void Key_and_value_readers_take_newer_versions_by_their_leading_fields_and_refuse_short_or_negative_ones()
    {
        Assert.True(ControlRecordReader.TryReadType([0, 1, 0, 1, 0xAA], out ControlRecordType type));
        Assert.Equal(ControlRecordType.Commit, type);
        Assert.False(ControlRecordReader.TryReadType([0, 0, 0], out _));
        Assert.False(ControlRecordReader.TryReadType([0xFF, 0xFF, 0, 1], out _));

        Assert.True(ControlRecordReader.TryReadCoordinatorEpoch([0, 2, 0, 0, 0, 9, 0xAA], out int epoch));
        Assert.Equal(9, epoch);
        Assert.False(ControlRecordReader.TryReadCoordinatorEpoch([0, 0, 0, 0, 9], out _));
        Assert.False(ControlRecordReader.TryReadCoordinatorEpoch([0x80, 0, 0, 0, 0, 9], out _));
    }
}
