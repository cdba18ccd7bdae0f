using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Reads control records: the type in the key (ControlRecordKey) and the coordinator epoch in an EndTxnMarker value.
/// Newer versions of either are read by their leading fields, as Kafka does.
/// </summary>
public static class ControlRecordReader
{
    /// <summary>Reads the type of a control record's key: version int16 (not negative), then type int16.</summary>
    public static bool TryReadType(ReadOnlySpan<byte> key, out ControlRecordType type)
    {
        type = default;
        if (key.Length < ControlBatchBuilder.KeySize || BinaryPrimitives.ReadInt16BigEndian(key) < 0)
        {
            return false;
        }

        type = (ControlRecordType)BinaryPrimitives.ReadInt16BigEndian(key[2..]);
        return true;
    }

    /// <summary>Reads the coordinator epoch of an EndTxnMarker value: version int16 (not negative), then int32.</summary>
    public static bool TryReadCoordinatorEpoch(ReadOnlySpan<byte> value, out int coordinatorEpoch)
    {
        coordinatorEpoch = 0;
        if (value.Length < ControlBatchBuilder.EndTxnMarkerValueSize || BinaryPrimitives.ReadInt16BigEndian(value) < 0)
        {
            return false;
        }

        coordinatorEpoch = BinaryPrimitives.ReadInt32BigEndian(value[2..]);
        return true;
    }

    /// <summary>
    /// Reads the transaction marker of a whole control batch (header included, uncompressed as Kafka writes them):
    /// false when the batch is not a control batch, is compressed, holds no record, or its first record is not a
    /// COMMIT or ABORT marker.
    /// </summary>
    public static bool TryReadEndTxnMarker(ReadOnlySpan<byte> batch, out ControlRecordType type, out int coordinatorEpoch)
    {
        type = default;
        coordinatorEpoch = 0;
        if (!RecordBatchHeader.TryRead(batch, out RecordBatchHeader header)
            || !header.IsControl
            || header.Compression != CompressionCodec.None
            || header.TotalSize > batch.Length)
        {
            return false;
        }

        var reader = new RecordReader(batch[RecordBatchHeader.Size..(int)header.TotalSize], header);
        return reader.TryReadNext(out Record record) == RecordReadResult.Record
            && TryReadEndTxnMarker(record, out type, out coordinatorEpoch);
    }

    /// <summary>Reads a control record as a COMMIT or ABORT marker; false for any other control record.</summary>
    public static bool TryReadEndTxnMarker(scoped in Record record, out ControlRecordType type, out int coordinatorEpoch)
    {
        coordinatorEpoch = 0;
        return TryReadType(record.Key, out type)
            && type is ControlRecordType.Abort or ControlRecordType.Commit
            && TryReadCoordinatorEpoch(record.Value, out coordinatorEpoch);
    }
}
