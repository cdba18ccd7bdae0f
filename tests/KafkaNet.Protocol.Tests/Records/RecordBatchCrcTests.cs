using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchCrcTests
{
    [Fact]
    public void Crc32c_of_standard_check_string_matches_reference_value()
    {
        // The published CRC-32C check value; guards against picking the wrong polynomial.
        Assert.Equal(0xE3069283u, Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Crc32c_of_known_kafka_batch_matches()
    {
        byte[] batch = HexFixture.Load("kafka-broker-batches.hex")[..71];

        Assert.Equal(0x0318A270u, RecordBatchCrc.Compute(batch));
        Assert.True(RecordBatchCrc.IsValid(batch));
    }

    [Fact]
    public void Crc32c_of_every_kafka_broker_batch_matches_stored_value()
    {
        ReadOnlySpan<byte> remaining = HexFixture.Load("kafka-broker-batches.hex");
        int batches = 0;
        while (!remaining.IsEmpty)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(remaining, out RecordBatchHeader header));
            Assert.Equal(header.Crc, RecordBatchCrc.Compute(remaining));
            remaining = remaining[(int)header.TotalSize..];
            batches++;
        }

        Assert.Equal(4, batches);
    }

    [Theory]
    [InlineData("sarama-batch-none.hex", 0x547961FDu)]
    [InlineData("sarama-batch-gzip.hex", 0xE74ACEA5u)]
    [InlineData("sarama-batch-snappy.hex", 0x15009F61u)]
    [InlineData("sarama-batch-lz4.hex", 0xA94A77C5u)]
    public void Crc32c_of_client_written_batches_matches(string fixture, uint crc)
    {
        Assert.Equal(crc, RecordBatchCrc.Compute(HexFixture.Load(fixture)));
    }

    [Fact]
    public void Crc_covers_attributes_through_end_only()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        uint expected = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, batch.AsSpan(RecordBatchHeader.AttributesOffset));

        Assert.Equal(expected, RecordBatchCrc.Compute(batch));
    }

    [Fact]
    public void Base_offset_and_leader_epoch_patches_keep_crc_valid()
    {
        byte[] batch = HexFixture.Load("sarama-batch-gzip.hex");

        RecordBatchPatch.SetBaseOffset(batch, 1234567890123);
        RecordBatchPatch.SetPartitionLeaderEpoch(batch, 42);

        RecordBatchHeader header = RecordBatchHeader.Read(batch);
        Assert.Equal(1234567890123, header.BaseOffset);
        Assert.Equal(42, header.PartitionLeaderEpoch);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Log_append_time_patch_recomputes_crc()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");

        RecordBatchPatch.SetLogAppendTime(batch, 1_700_000_000_000);

        RecordBatchHeader header = RecordBatchHeader.Read(batch);
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.Equal(1_700_000_000_000, header.MaxTimestamp);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Update_repairs_crc_after_covered_field_changes()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        BinaryPrimitives.WriteInt64BigEndian(batch.AsSpan(RecordBatchHeader.ProducerIdOffset), 77);
        Assert.Equal(RecordBatchValidationResult.BadCrc, RecordBatchValidator.Validate(batch));

        uint crc = RecordBatchCrc.Update(batch);

        Assert.Equal(crc, RecordBatchHeader.Read(batch).Crc);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Compute_rejects_span_shorter_than_declared_length()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        Assert.Throws<ArgumentException>(() => RecordBatchCrc.Compute(batch.AsSpan(0, batch.Length - 1)));
    }
}
