using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Hostile;

/// <summary>
/// A v2 batch written field by field, so that a test can make any header field or record disagree with the rest,
/// and then given a valid CRC-32C: what a buggy or hostile producer can send.
/// </summary>
internal sealed record HandMadeBatch
{
    public long BaseOffset { get; init; }
    public short Attributes { get; init; }
    public int? LastOffsetDelta { get; init; }
    public int? RecordCount { get; init; }
    public long FirstTimestamp { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    public long? MaxTimestamp { get; init; }
    public long ProducerId { get; init; } = -1;
    public short ProducerEpoch { get; init; } = -1;
    public int BaseSequence { get; init; } = -1;
    public CompressionCodec Compression { get; init; }

    /// <summary>The records section before compression; by default <see cref="Values"/> written one per offset delta.</summary>
    public byte[]? RawRecords { get; init; }

    public string[] Values { get; init; } = ["v0"];

    /// <summary>Bytes appended after the batch's own records, inside its length and CRC.</summary>
    public byte[] Trailing { get; init; } = [];

    public byte[] ToArray()
    {
        byte[] records = [.. RawRecords ?? Records(Values), .. Trailing];
        if (Compression != CompressionCodec.None)
        {
            var compressed = new ArrayBufferWriter<byte>();
            RecordCompression.Compress(Compression, records, compressed);
            records = compressed.WrittenSpan.ToArray();
        }
        var batch = new byte[RecordBatchHeader.Size + records.Length];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, BaseOffset);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..], batch.Length - RecordBatchHeader.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.PartitionLeaderEpochOffset..], -1);
        span[RecordBatchHeader.MagicOffset] = RecordBatchHeader.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.AttributesOffset..], (short)(Attributes | (short)Compression));
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.LastOffsetDeltaOffset..], LastOffsetDelta ?? Values.Length - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.BaseTimestampOffset..], FirstTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.MaxTimestampOffset..], MaxTimestamp ?? FirstTimestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchHeader.ProducerIdOffset..], ProducerId);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchHeader.ProducerEpochOffset..], ProducerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.BaseSequenceOffset..], BaseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchHeader.RecordCountOffset..], RecordCount ?? Values.Length);
        records.CopyTo(span[RecordBatchHeader.Size..]);
        RecordBatchCrc.Update(batch);
        return batch;
    }

    /// <summary>One record per value, offset deltas 0, 1, 2..., timestamp deltas 0, no key, no headers.</summary>
    public static byte[] Records(string[] values, Func<int, int>? offsetDelta = null, Func<int, long>? timestampDelta = null)
    {
        var all = new List<byte>();
        for (int i = 0; i < values.Length; i++)
        {
            byte[] value = System.Text.Encoding.UTF8.GetBytes(values[i]);
            all.AddRange(Record(offsetDelta?.Invoke(i) ?? i, timestampDelta?.Invoke(i) ?? 0, value));
        }
        return [.. all];
    }

    /// <summary>One record; <paramref name="headers"/> is written raw after its count, which may lie.</summary>
    public static byte[] Record(int offsetDelta, long timestampDelta, byte[] value, int headerCount = 0, byte[]? headers = null, int? declaredLength = null)
    {
        var body = new List<byte> { 0 };
        body.AddRange(Varlong(timestampDelta));
        body.AddRange(Varlong(offsetDelta));
        body.AddRange(Varlong(-1));
        body.AddRange(Varlong(value.Length));
        body.AddRange(value);
        body.AddRange(Varlong(headerCount));
        body.AddRange(headers ?? []);
        return [.. Varlong(declaredLength ?? body.Count), .. body];
    }

    public static byte[] Varlong(long value)
    {
        var buffer = new byte[10];
        int length = Varint.WriteVarlong(buffer, value);
        return buffer[..length];
    }
}
