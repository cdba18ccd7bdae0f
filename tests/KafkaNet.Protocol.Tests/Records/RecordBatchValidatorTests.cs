using System.Buffers.Binary;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchValidatorTests
{
    public static TheoryData<string> BatchFixtures => new()
    {
        "sarama-batch-none.hex",
        "sarama-batch-gzip.hex",
        "sarama-batch-snappy.hex",
        "sarama-batch-lz4.hex",
    };

    [Theory]
    [MemberData(nameof(BatchFixtures))]
    public void Flipped_bit_in_crc_covered_bytes_is_reported_as_corrupt(string fixture)
    {
        byte[] original = HexFixture.Load(fixture);
        for (int i = RecordBatchHeader.BatchLengthOffset; i < original.Length; i++)
        {
            if (i is >= RecordBatchHeader.PartitionLeaderEpochOffset and < RecordBatchHeader.MagicOffset)
            {
                continue; // outside the CRC by design; see the test below
            }

            for (int bit = 0; bit < 8; bit++)
            {
                byte[] damaged = (byte[])original.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Assert.NotEqual(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(damaged));
            }
        }
    }

    [Fact]
    public void Flipped_bit_in_base_offset_or_leader_epoch_is_not_covered_by_crc()
    {
        // Brokers rewrite these two fields in place, which is why Kafka leaves them outside the CRC.
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        batch[RecordBatchHeader.BaseOffsetOffset + 7] ^= 1;
        batch[RecordBatchHeader.PartitionLeaderEpochOffset + 3] ^= 1;

        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Every_truncation_is_rejected_without_throwing()
    {
        byte[] batch = HexFixture.Load("sarama-batch-lz4.hex");
        for (int length = 0; length < batch.Length; length++)
        {
            RecordBatchValidationResult result = RecordBatchValidator.Validate(batch.AsSpan(0, length));
            Assert.Equal(length < RecordBatchHeader.Size ? RecordBatchValidationResult.TooShort : RecordBatchValidationResult.Truncated, result);
        }
    }

    [Fact]
    public void Random_garbage_is_rejected_without_throwing()
    {
        var random = new Random(20240601);
        for (int round = 0; round < 5000; round++)
        {
            byte[] garbage = new byte[random.Next(0, 300)];
            random.NextBytes(garbage);
            if (round % 2 == 0 && garbage.Length > RecordBatchHeader.Size)
            {
                // Make half of them look plausible so checks past the magic byte are exercised too.
                garbage[RecordBatchHeader.MagicOffset] = RecordBatchHeader.CurrentMagic;
                BinaryPrimitives.WriteInt32BigEndian(garbage.AsSpan(RecordBatchHeader.BatchLengthOffset), garbage.Length - RecordBatchHeader.LogOverhead);
            }

            Assert.NotEqual(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(garbage));
        }
    }

    [Fact]
    public void Old_message_format_is_bad_magic()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        batch[RecordBatchHeader.MagicOffset] = 1;

        Assert.Equal(RecordBatchValidationResult.BadMagic, RecordBatchValidator.Validate(batch));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(RecordBatchHeader.Size - RecordBatchHeader.LogOverhead - 1)]
    public void Length_smaller_than_header_is_bad_length(int batchLength)
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), batchLength);

        Assert.Equal(RecordBatchValidationResult.BadLength, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Length_past_the_buffer_is_truncated()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), int.MaxValue);

        Assert.Equal(RecordBatchValidationResult.Truncated, RecordBatchValidator.Validate(batch));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Unknown_codec_is_unsupported_compression(short codecBits)
    {
        byte[] batch = WithField(RecordBatchHeader.AttributesOffset, codecBits, sizeof(short));

        Assert.Equal(RecordBatchValidationResult.UnsupportedCompression, RecordBatchValidator.Validate(batch));
    }

    [Theory]
    [InlineData(RecordBatchHeader.RecordCountOffset, -1)]
    [InlineData(RecordBatchHeader.RecordCountOffset, 1000)] // cannot fit 25 bytes of uncompressed records
    [InlineData(RecordBatchHeader.LastOffsetDeltaOffset, -1)]
    public void Impossible_counts_are_bad_record_count(int offset, int value)
    {
        byte[] batch = WithField(offset, value, sizeof(int));

        Assert.Equal(RecordBatchValidationResult.BadRecordCount, RecordBatchValidator.Validate(batch));
    }

    [Fact]
    public void Trailing_bytes_after_a_batch_are_ignored_by_validation()
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        byte[] padded = [.. batch, 1, 2, 3];

        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(padded, out RecordBatchHeader header));
        Assert.Equal(batch.Length, header.TotalSize);
    }

    private static byte[] WithField(int offset, int value, int size)
    {
        byte[] batch = HexFixture.Load("sarama-batch-none.hex");
        if (size == sizeof(short))
        {
            BinaryPrimitives.WriteInt16BigEndian(batch.AsSpan(offset), (short)value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(offset), value);
        }

        RecordBatchCrc.Update(batch);
        return batch;
    }
}
