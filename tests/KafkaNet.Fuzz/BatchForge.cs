using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Fuzz;

/// <summary>
/// Builds v2 record batches byte by byte, so every header field, record delta and length can be
/// set to a wrong value; the CRC-32C is always recomputed last, so the broker must judge the
/// content rather than reject a checksum.
/// </summary>
internal static class BatchForge
{
    private static readonly CompressionCodec[] Codecs =
        [CompressionCodec.None, CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4, CompressionCodec.Zstd];

    /// <summary>One or two batches, valid or not; mutated says whether any field was changed.</summary>
    public static byte[] Records(Random rng, bool mutate)
    {
        var first = Batch(rng, mutate);
        if (rng.Next(8) != 0)
        {
            return first;
        }
        var second = Batch(rng, mutate && rng.Next(2) == 0);
        return [.. first, .. second];
    }

    private static byte[] Batch(Random rng, bool mutate)
    {
        int count = rng.Next(1, 6);
        var codec = rng.Next(3) == 0 ? CompressionCodec.None : Codecs[rng.Next(Codecs.Length)];
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var plan = new RecordPlan[count];
        for (int i = 0; i < count; i++)
        {
            plan[i] = new RecordPlan(i, i, RandomBytes(rng, rng.Next(0, 12)), RandomBytes(rng, rng.Next(0, 64)), rng.Next(3) == 0);
        }
        // Mutation kinds: 0-5 header fields, 6 record deltas or lengths, 7 the compressed stream.
        int kind = mutate ? rng.Next(8) : -1;
        if (kind == 6)
        {
            int victim = rng.Next(count);
            plan[victim] = rng.Next(3) switch
            {
                0 => plan[victim] with { OffsetDelta = Interesting.Int(rng) },
                1 => plan[victim] with { TimestampDelta = Interesting.Long(rng) },
                _ => plan[victim] with { LengthSkew = rng.Next(2) == 0 ? rng.Next(-3, 4) : Interesting.Int(rng) },
            };
        }
        byte[] records = EncodeRecords(plan);
        if (kind == 6 && rng.Next(3) == 0)
        {
            records[rng.Next(records.Length)] ^= (byte)(1 << rng.Next(8));
        }
        byte[] payload = codec == CompressionCodec.None ? records : Compress(codec, records);
        if (kind == 7 && codec != CompressionCodec.None && payload.Length > 0)
        {
            int at = rng.Next(payload.Length);
            payload[at] = rng.Next(2) == 0 ? (byte)rng.Next(256) : (byte)(payload[at] ^ (1 << rng.Next(8)));
        }
        var batch = new byte[RecordBatchHeader.Size + payload.Length];
        payload.CopyTo(batch.AsSpan(RecordBatchHeader.Size));
        bool idempotent = rng.Next(4) == 0;
        var header = new Header
        {
            BaseOffset = 0,
            BatchLength = batch.Length - RecordBatchHeader.LogOverhead,
            PartitionLeaderEpoch = -1,
            Magic = 2,
            Attributes = (short)codec,
            LastOffsetDelta = count - 1,
            BaseTimestamp = now,
            MaxTimestamp = now,
            ProducerId = idempotent ? rng.Next(0, 5) : -1,
            ProducerEpoch = (short)(idempotent ? 0 : -1),
            BaseSequence = idempotent ? rng.Next(0, 3) : -1,
            RecordCount = count,
        };
        if (kind is >= 0 and <= 5)
        {
            MutateHeader(rng, ref header, kind, count);
        }
        header.WriteTo(batch);
        // Over the bytes actually sent, not the (maybe mutated) length field: the CRC stays right.
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(RecordBatchHeader.CrcOffset), Crc32C.Compute(batch.AsSpan(RecordBatchHeader.AttributesOffset)));
        return batch;
    }

    private static void MutateHeader(Random rng, ref Header h, int kind, int count)
    {
        switch (kind)
        {
            case 0:
                h.LastOffsetDelta = rng.Next(5) switch
                {
                    0 => 524290,
                    1 => int.MaxValue,
                    2 => 1000,
                    3 => count - 2,
                    _ => Interesting.Int(rng),
                };
                break;
            case 1:
                h.RecordCount = rng.Next(3) == 0 ? count + rng.Next(-2, 3) : Interesting.Int(rng);
                break;
            case 2:
                if (rng.Next(2) == 0)
                {
                    h.BaseTimestamp = Interesting.Long(rng);
                }
                else
                {
                    h.MaxTimestamp = Interesting.Long(rng);
                }
                break;
            case 3:
                // Compression bits (6 and 7 are no codec), timestamp type, transactional, control, delete horizon.
                h.Attributes = rng.Next(2) == 0 ? (short)rng.Next(0, 0x80) : (short)(h.Attributes ^ (1 << rng.Next(16)));
                if (rng.Next(3) == 0)
                {
                    h.ProducerId = rng.Next(0, 5);
                    h.ProducerEpoch = 0;
                }
                break;
            case 4:
                switch (rng.Next(4))
                {
                    case 0: h.ProducerId = Interesting.Long(rng); break;
                    case 1: h.ProducerEpoch = Interesting.Short(rng); break;
                    case 2: h.BaseSequence = Interesting.Int(rng); break;
                    default: h.PartitionLeaderEpoch = Interesting.Int(rng); break;
                }
                break;
            default:
                switch (rng.Next(4))
                {
                    case 0: h.BatchLength += rng.Next(-8, 9); break;
                    case 1: h.BatchLength = Interesting.Int(rng); break;
                    case 2: h.BaseOffset = Interesting.Long(rng); break;
                    default: h.Magic = (sbyte)rng.Next(-1, 4); break;
                }
                break;
        }
    }

    private static byte[] Compress(CompressionCodec codec, byte[] records)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Compress(codec, records, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Records in the v2 layout: length, attributes, timestamp delta, offset delta, key, value, headers.</summary>
    private static byte[] EncodeRecords(RecordPlan[] plan)
    {
        var output = new List<byte>(256);
        Span<byte> scratch = stackalloc byte[10];
        foreach (var record in plan)
        {
            var body = new List<byte>(64) { 0 };
            AppendVarlong(body, record.TimestampDelta, scratch);
            AppendVarint(body, record.OffsetDelta, scratch);
            AppendVarint(body, record.NullKey ? -1 : record.Key.Length, scratch);
            if (!record.NullKey)
            {
                body.AddRange(record.Key);
            }
            AppendVarint(body, record.Value.Length, scratch);
            body.AddRange(record.Value);
            AppendVarint(body, 0, scratch);
            AppendVarint(output, body.Count + record.LengthSkew, scratch);
            output.AddRange(body);
        }
        return [.. output];
    }

    private static void AppendVarint(List<byte> output, int value, Span<byte> scratch) =>
        output.AddRange(scratch[..Varint.WriteVarint(scratch, value)]);

    private static void AppendVarlong(List<byte> output, long value, Span<byte> scratch) =>
        output.AddRange(scratch[..Varint.WriteVarlong(scratch, value)]);

    private static byte[] RandomBytes(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }

    private sealed record RecordPlan(long TimestampDelta, int OffsetDelta, byte[] Key, byte[] Value, bool NullKey)
    {
        public int LengthSkew { get; init; }
    }

    private struct Header
    {
        public long BaseOffset;
        public int BatchLength;
        public int PartitionLeaderEpoch;
        public sbyte Magic;
        public short Attributes;
        public int LastOffsetDelta;
        public long BaseTimestamp;
        public long MaxTimestamp;
        public long ProducerId;
        public short ProducerEpoch;
        public int BaseSequence;
        public int RecordCount;

        public readonly void WriteTo(Span<byte> batch)
        {
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.BaseOffsetOffset..], BaseOffset);
            BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.BatchLengthOffset..], BatchLength);
            BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.PartitionLeaderEpochOffset..], PartitionLeaderEpoch);
            batch[RecordBatchHeader.MagicOffset] = (byte)Magic;
            BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.AttributesOffset..], Attributes);
            BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.LastOffsetDeltaOffset..], LastOffsetDelta);
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.BaseTimestampOffset..], BaseTimestamp);
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.MaxTimestampOffset..], MaxTimestamp);
            BinaryPrimitives.WriteInt64BigEndian(batch[RecordBatchHeader.ProducerIdOffset..], ProducerId);
            BinaryPrimitives.WriteInt16BigEndian(batch[RecordBatchHeader.ProducerEpochOffset..], ProducerEpoch);
            BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.BaseSequenceOffset..], BaseSequence);
            BinaryPrimitives.WriteInt32BigEndian(batch[RecordBatchHeader.RecordCountOffset..], RecordCount);
        }
    }
}
