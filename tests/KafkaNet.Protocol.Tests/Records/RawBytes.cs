using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

/// <summary>Hand-assembles record bytes, including malformed ones the builder would never produce.</summary>
internal sealed class RawBytes
{
    private readonly List<byte> _bytes = [];

    public RawBytes Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public RawBytes Varint(int value)
    {
        var buffer = new byte[KafkaNet.Protocol.Records.Varint.MaxVarintBytes];
        _bytes.AddRange(buffer.AsSpan(0, KafkaNet.Protocol.Records.Varint.WriteVarint(buffer, value)).ToArray());
        return this;
    }

    public RawBytes Varlong(long value)
    {
        var buffer = new byte[KafkaNet.Protocol.Records.Varint.MaxVarlongBytes];
        _bytes.AddRange(buffer.AsSpan(0, KafkaNet.Protocol.Records.Varint.WriteVarlong(buffer, value)).ToArray());
        return this;
    }

    public RawBytes Bytes(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>Length-prefixed bytes: varint length then the bytes.</summary>
    public RawBytes Sized(byte[] bytes) => Varint(bytes.Length).Bytes(bytes);

    public byte[] ToArray() => [.. _bytes];

    /// <summary>These bytes as a record body, prefixed with their length.</summary>
    public byte[] AsRecord(int lengthAdjust = 0) => new RawBytes().Varint(_bytes.Count + lengthAdjust).Bytes([.. _bytes]).ToArray();

    /// <summary>Body of a well-formed record with one header.</summary>
    public static RawBytes ValidBody() => new RawBytes()
        .Byte(0).Varlong(7).Varint(0)
        .Sized([1, 2]).Sized([3, 4, 5])
        .Varint(1).Sized("h"u8.ToArray()).Sized([9]);

    /// <summary>Wraps records into an uncompressed batch with a correct CRC and the given declared count.</summary>
    public static byte[] Batch(byte[] records, int recordCount, short attributes = 0, long maxTimestamp = 0)
    {
        var batch = new byte[RecordBatchHeader.Size + records.Length];
        new RecordBatchHeader
        {
            BatchLength = batch.Length - RecordBatchHeader.LogOverhead,
            Magic = RecordBatchHeader.CurrentMagic,
            Attributes = attributes,
            LastOffsetDelta = Math.Max(recordCount - 1, 0),
            BaseTimestamp = 1000,
            MaxTimestamp = maxTimestamp,
            ProducerId = -1,
            ProducerEpoch = -1,
            BaseSequence = -1,
            RecordCount = recordCount,
        }.WriteTo(batch);
        records.CopyTo(batch, RecordBatchHeader.Size);
        RecordBatchCrc.Update(batch);
        return batch;
    }
}
