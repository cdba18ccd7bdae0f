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
}
