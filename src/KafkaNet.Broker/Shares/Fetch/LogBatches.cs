using System.Buffers.Binary;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>The offset ranges of the record batches in a run of log bytes, and cutting that run down to some of them.</summary>
public static class LogBatches
{
    /// <summary>Every complete batch: its first and last offset and where its bytes lie.</summary>
    public static List<(long FirstOffset, long LastOffset, int Position, int Length)> Ranges(ReadOnlySpan<byte> bytes)
    {
        var ranges = new List<(long, long, int, int)>();
        int position = 0;
        while (position + RecordBatchHeader.Size <= bytes.Length)
        {
            var batch = bytes[position..];
            long baseOffset = BinaryPrimitives.ReadInt64BigEndian(batch);
            int length = RecordBatchHeader.LogOverhead + BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchHeader.BatchLengthOffset..]);
            if (length < RecordBatchHeader.Size || position + length > bytes.Length) break;
            long lastOffset = baseOffset + BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchHeader.LastOffsetDeltaOffset..]);
            ranges.Add((baseOffset, lastOffset, position, length));
            position += length;
        }
        return ranges;
    }

    /// <summary>The bytes of the batches that hold any offset from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static byte[] Slice(byte[] bytes, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int start = -1, end = -1;
        foreach (var (batchFirst, batchLast, position, length) in Ranges(bytes))
        {
            if (batchLast < first || batchFirst > last) continue;
            if (start < 0) start = position;
            end = position + length;
        }
        return start < 0 ? [] : bytes[start..end];
    }
}
