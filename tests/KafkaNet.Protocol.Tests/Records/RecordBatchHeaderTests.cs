using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchHeaderTests
{
    [Fact]
    public void Header_fields_parse_from_batch_written_by_kafka()
    {
        byte[] bytes = HexFixture.Load("kafka-broker-batches.hex");

        RecordBatchHeader header = RecordBatchHeader.Read(bytes);

        Assert.Equal(0, header.BaseOffset);
        Assert.Equal(59, header.BatchLength);
        Assert.Equal(71, header.TotalSize);
        Assert.Equal(1, header.PartitionLeaderEpoch);
        Assert.Equal(2, header.Magic);
        Assert.Equal(0x0318A270u, header.Crc);
        Assert.Equal(0, header.Attributes);
        Assert.Equal(0, header.LastOffsetDelta);
        Assert.Equal(1_503_229_838_908, header.BaseTimestamp);
        Assert.Equal(1_503_229_838_908, header.MaxTimestamp);
        Assert.Equal(-1, header.ProducerId);
        Assert.Equal(-1, header.ProducerEpoch);
        Assert.Equal(-1, header.BaseSequence);
        Assert.Equal(1, header.RecordCount);
        Assert.Equal(CompressionCodec.None, header.Compression);
        Assert.Equal(TimestampType.CreateTime, header.TimestampType);
        Assert.False(header.IsTransactional);
        Assert.False(header.IsControl);
    }

    [Fact]
    public void Header_written_back_matches_original_bytes()
    {
        byte[] bytes = HexFixture.Load("sarama-batch-lz4.hex");
        var copy = new byte[RecordBatchHeader.Size];

        RecordBatchHeader.Read(bytes).WriteTo(copy);

        Assert.Equal(bytes.AsSpan(0, RecordBatchHeader.Size).ToArray(), copy);
    }

    [Fact]
    public void Short_input_is_rejected_without_throwing()
    {
        Assert.False(RecordBatchHeader.TryRead(new byte[RecordBatchHeader.Size - 1], out _));
        Assert.Throws<CorruptRecordException>(() => RecordBatchHeader.Read(new byte[10]));
    }

    [Theory]
    [InlineData(CompressionCodec.None, 0)]
    [InlineData(CompressionCodec.Gzip, 1)]
    [InlineData(CompressionCodec.Snappy, 2)]
    [InlineData(CompressionCodec.Lz4, 3)]
    [InlineData(CompressionCodec.Zstd, 4)]
    public void Compression_codec_occupies_low_three_bits(CompressionCodec codec, short bits)
    {
        short attributes = RecordBatchAttributes.Create(codec);
        Assert.Equal(bits, attributes);
        Assert.Equal(codec, RecordBatchAttributes.GetCompression(attributes));
    }

    [Fact]
    public void Attribute_flags_use_kafka_bit_positions()
    {
        short all = RecordBatchAttributes.Create(CompressionCodec.Zstd, TimestampType.LogAppendTime, transactional: true, control: true, deleteHorizon: true);

        Assert.Equal(0x7C, all);
        Assert.Equal(TimestampType.LogAppendTime, RecordBatchAttributes.GetTimestampType(all));
        Assert.True(RecordBatchAttributes.IsTransactional(all));
        Assert.True(RecordBatchAttributes.IsControl(all));
        Assert.True(RecordBatchAttributes.HasDeleteHorizon(all));
        Assert.Equal(0x08, RecordBatchAttributes.Create(CompressionCodec.None, TimestampType.LogAppendTime));
        Assert.Equal(0x10, RecordBatchAttributes.Create(CompressionCodec.None, transactional: true));
        Assert.Equal(0x20, RecordBatchAttributes.Create(CompressionCodec.None, control: true));
        Assert.Equal(0x40, RecordBatchAttributes.Create(CompressionCodec.None, deleteHorizon: true));
        Assert.Equal(0x74, RecordBatchAttributes.WithTimestampType(all, TimestampType.CreateTime));
    }
}
