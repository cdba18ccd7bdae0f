using System.Buffers.Binary;

namespace KafkaNet.Protocol.Records;

/// <summary>In-place edits a broker makes to a batch it accepts, without re-encoding the records.</summary>
public static class RecordBatchPatch
{
    /// <summary>Assigns the batch's base offset. The field is outside the CRC, so the CRC stays valid.</summary>
    public static void SetBaseOffset(Span<byte> batch, long baseOffset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch.Length, RecordBatchHeader.Size, nameof(batch));
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.BaseOffsetOffset..], baseOffset);
    }

    /// <summary>Stamps the leader epoch. The field is outside the CRC, so the CRC stays valid.</summary>
    public static void SetPartitionLeaderEpoch(Span<byte> batch, int partitionLeaderEpoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch.Length, RecordBatchHeader.Size, nameof(batch));
        BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochOffset..], partitionLeaderEpoch);
    }

    /// <summary>
    /// Switches the batch to LogAppendTime with the given broker time as max timestamp, then recomputes the CRC
    /// because both fields are covered by it.
    /// </summary>
    public static void SetLogAppendTime(Span<byte> batch, long timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch.Length, RecordBatchHeader.Size, nameof(batch));
        short attributes = BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..]);
        attributes = RecordBatchAttributes.WithTimestampType(attributes, TimestampType.LogAppendTime);
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampOffset..], timestamp);
        RecordBatchCrc.Update(batch);
    }

    /// <summary>
    /// Sets the batch's timestamp type and max timestamp and recomputes the CRC, as a broker does when a producer's
    /// header disagrees with the records it carries.
    /// </summary>
    public static void SetMaxTimestamp(Span<byte> batch, TimestampType timestampType, long maxTimestamp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch.Length, RecordBatchHeader.Size, nameof(batch));
        short attributes = BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..]);
        attributes = RecordBatchAttributes.WithTimestampType(attributes, timestampType);
        BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..], attributes);
        BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampOffset..], maxTimestamp);
        RecordBatchCrc.Update(batch);
    }
}
