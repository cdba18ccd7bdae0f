using System.Buffers;
using System.Buffers.Binary;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Builds transaction marker batches: control and transactional attributes, the producer id and epoch, base sequence
/// -1 and one uncompressed record whose key is ControlRecordKey {version 0, type} and value EndTxnMarker
/// {version 0, coordinator epoch}.
/// </summary>
public static class ControlBatchBuilder
{
    /// <summary>Size of an end-transaction marker batch.</summary>
    public const int EndTxnMarkerSize = RecordBatchHeader.Size + RecordSize;

    /// <summary>ControlRecordKey: version int16, type int16.</summary>
    public const int KeySize = 4;

    /// <summary>EndTxnMarker: version int16, coordinator epoch int32.</summary>
    public const int EndTxnMarkerValueSize = 6;

    // Body: attributes, timestamp delta 0, offset delta 0, key length and key, value length and value, no headers.
    private const int BodySize = 1 + 1 + 1 + 1 + KeySize + 1 + EndTxnMarkerValueSize + 1;
    private const int RecordSize = 1 + BodySize;

    /// <summary>Writes one marker batch to <paramref name="destination"/> and returns its size.</summary>
    /// <param name="baseOffset">Usually 0: the log assigns the real offset.</param>
    public static int WriteEndTxnMarker(
        IBufferWriter<byte> destination,
        long producerId,
        short producerEpoch,
        int coordinatorEpoch,
        bool commit,
        long timestamp,
        long baseOffset = 0,
        int partitionLeaderEpoch = RecordBatchHeader.NoPartitionLeaderEpoch)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Span<byte> batch = destination.GetSpan(EndTxnMarkerSize)[..EndTxnMarkerSize];
        WriteEndTxnMarker(batch, producerId, producerEpoch, coordinatorEpoch, commit, timestamp, baseOffset, partitionLeaderEpoch);
        destination.Advance(EndTxnMarkerSize);
        return EndTxnMarkerSize;
    }

    /// <summary>Returns one marker batch as a new array.</summary>
    public static byte[] EndTxnMarker(long producerId, short producerEpoch, int coordinatorEpoch, bool commit, long timestamp)
    {
        byte[] batch = new byte[EndTxnMarkerSize];
        WriteEndTxnMarker(batch, producerId, producerEpoch, coordinatorEpoch, commit, timestamp, 0, RecordBatchHeader.NoPartitionLeaderEpoch);
        return batch;
    }

    private static void WriteEndTxnMarker(Span<byte> batch, long producerId, short producerEpoch, int coordinatorEpoch, bool commit, long timestamp, long baseOffset, int partitionLeaderEpoch)
    {
        new RecordBatchHeader
        {
            BaseOffset = baseOffset,
            BatchLength = EndTxnMarkerSize - RecordBatchHeader.LogOverhead,
            PartitionLeaderEpoch = partitionLeaderEpoch,
            Magic = RecordBatchHeader.CurrentMagic,
            Attributes = RecordBatchAttributes.Create(Compression.CompressionCodec.None, transactional: true, control: true),
            LastOffsetDelta = 0,
            BaseTimestamp = timestamp,
            MaxTimestamp = timestamp,
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
            BaseSequence = RecordBatchHeader.NoSequence,
            RecordCount = 1,
        }.WriteTo(batch);

        Span<byte> record = batch[RecordBatchHeader.Size..];
        int at = Varint.WriteVarint(record, BodySize);
        record[at++] = 0; // record attributes
        at += Varint.WriteVarlong(record[at..], 0);
        at += Varint.WriteVarint(record[at..], 0);
        at += Varint.WriteVarint(record[at..], KeySize);
        BinaryPrimitives.WriteInt16BigEndian(record[at..], 0);
        BinaryPrimitives.WriteInt16BigEndian(record[(at + 2)..], (short)(commit ? ControlRecordType.Commit : ControlRecordType.Abort));
        at += KeySize;
        at += Varint.WriteVarint(record[at..], EndTxnMarkerValueSize);
        BinaryPrimitives.WriteInt16BigEndian(record[at..], 0);
        BinaryPrimitives.WriteInt32BigEndian(record[(at + 2)..], coordinatorEpoch);
        at += EndTxnMarkerValueSize;
        at += Varint.WriteVarint(record[at..], 0);
        System.Diagnostics.Debug.Assert(at == RecordSize, "marker record size");
        RecordBatchCrc.Update(batch);
    }
}
