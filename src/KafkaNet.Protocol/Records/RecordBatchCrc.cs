using System.Buffers.Binary;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// CRC-32C (Castagnoli) of a v2 batch. It covers the attributes field through the end of the batch, so the
/// base offset, length, partition leader epoch and magic can change without invalidating it.
/// </summary>
public static class RecordBatchCrc
{
    /// <summary>Computes the CRC of the batch at the start of <paramref name="batch"/>, sized by its length field.</summary>
    /// <exception cref="ArgumentException">The span does not hold a whole batch as its length field declares.</exception>
    public static uint Compute(ReadOnlySpan<byte> batch) =>
        Crc32C.Compute(CoveredBytes(batch));

    /// <summary>True when the stored CRC matches the batch content.</summary>
    /// <exception cref="ArgumentException">The span does not hold a whole batch as its length field declares.</exception>
    public static bool IsValid(ReadOnlySpan<byte> batch) =>
        BinaryPrimitives.ReadUInt32BigEndian(batch[RecordBatchHeader.CrcOffset..]) == Compute(batch);

    /// <summary>Recomputes the CRC and stores it in the batch; returns the new value.</summary>
    public static uint Update(Span<byte> batch)
    {
        uint crc = Compute(batch);
        BinaryPrimitives.WriteUInt32BigEndian(batch[RecordBatchHeader.CrcOffset..], crc);
        return crc;
    }

    private static ReadOnlySpan<byte> CoveredBytes(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < RecordBatchHeader.Size)
        {
            throw new ArgumentException("Span is shorter than a record batch header.", nameof(batch));
        }

        int batchLength = BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchHeader.BatchLengthOffset..]);
        long end = RecordBatchHeader.LogOverhead + (long)batchLength;
        if (end < RecordBatchHeader.Size || end > batch.Length)
        {
            throw new ArgumentException($"Batch length {batchLength} does not fit the {batch.Length}-byte span.", nameof(batch));
        }

        return batch[RecordBatchHeader.AttributesOffset..(int)end];
    }
}
