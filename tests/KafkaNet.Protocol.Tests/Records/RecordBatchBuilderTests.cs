using System.Buffers;
using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Tests.Compression;
using Record = KafkaNet.Protocol.Records.Record;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchBuilderTests
{
    [Fact]
    public void Builder_reproduces_batches_written_by_kafka_byte_for_byte()
    {
        byte[] expected = HexFixture.Load("kafka-broker-batches.hex");
        var output = new ArrayBufferWriter<byte>();
        using var builder = new RecordBatchBuilder();

        Build(builder, output, baseOffset: 0, leaderEpoch: 1, b => b.Append(1_503_229_838_908, null, "123"u8));
        Build(builder, output, baseOffset: 1, leaderEpoch: 2, b =>
        {
            b.Append(1_503_229_959_532, null, ""u8);
            b.Append(1_503_229_959_700, null, ""u8);
        });
        Build(builder, output, baseOffset: 3, leaderEpoch: 2, b => b.Append(1_503_229_962_141, null, "123"u8));
        Build(builder, output, baseOffset: 0, leaderEpoch: 0, b =>
            b.Append(1_535_546_684_353, null, "hdr"u8, [new RecordHeaderData("hkey", "hval"u8.ToArray())]));

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(CodecData.AllCodecs), MemberType = typeof(CodecData))]
    public void Batch_built_with_each_codec_decodes_back_to_the_same_records(CompressionCodec codec)
    {
        List<Sample> samples = Samples();
        using var builder = new RecordBatchBuilder { Compression = codec, BaseOffset = 500 };
        foreach (Sample sample in samples)
        {
            builder.Append(sample.Timestamp, sample.Key, sample.Value, sample.Headers);
        }

        byte[] bytes = builder.ToArray();

        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out RecordBatch batch));
        Assert.Equal(codec, batch.Header.Compression);
        Assert.Equal(samples.Count, batch.Header.RecordCount);
        Assert.Equal(samples.Count - 1, batch.Header.LastOffsetDelta);
        Assert.Equal(samples[0].Timestamp, batch.Header.BaseTimestamp);
        Assert.Equal(samples.Max(s => s.Timestamp), batch.Header.MaxTimestamp);

        using RecordBatchContent content = batch.OpenRecords(16 << 20);
        int index = 0;
        foreach (Record record in content.GetRecords())
        {
            Sample sample = samples[index];
            Assert.Equal(500 + index, record.Offset);
            Assert.Equal(sample.Timestamp, record.Timestamp);
            AssertBytes(sample.Key, record.Key, record.IsKeyNull);
            AssertBytes(sample.Value, record.Value, record.IsValueNull);
            Assert.Equal(sample.Headers.Length, record.HeaderCount);
            int h = 0;
            foreach (RecordHeader header in record.Headers)
            {
                Assert.Equal(sample.Headers[h].Key.ToArray(), header.Key.ToArray());
                AssertBytes(sample.Headers[h].Value?.ToArray(), header.Value, header.IsValueNull);
                h++;
            }

            index++;
        }

        Assert.Equal(samples.Count, index);
    }

    [Fact]
    public void Header_carries_producer_and_flag_settings()
    {
        using var builder = new RecordBatchBuilder
        {
            Compression = CompressionCodec.Lz4,
            TimestampType = TimestampType.LogAppendTime,
            BaseOffset = 42,
            PartitionLeaderEpoch = 7,
            ProducerId = 1234,
            ProducerEpoch = 5,
            BaseSequence = 99,
            IsTransactional = true,
            IsControl = true,
        };
        builder.Append(10, null, "v"u8);

        RecordBatchHeader header = RecordBatchHeader.Read(builder.ToArray());

        Assert.Equal(42, header.BaseOffset);
        Assert.Equal(7, header.PartitionLeaderEpoch);
        Assert.Equal(1234, header.ProducerId);
        Assert.Equal(5, header.ProducerEpoch);
        Assert.Equal(99, header.BaseSequence);
        Assert.Equal(CompressionCodec.Lz4, header.Compression);
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.True(header.IsTransactional);
        Assert.True(header.IsControl);
        Assert.False(header.HasDeleteHorizon);
    }

    [Fact]
    public void Defaults_describe_a_non_idempotent_producer()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(10, null, "v"u8);

        RecordBatchHeader header = RecordBatchHeader.Read(builder.ToArray());

        Assert.Equal(-1, header.ProducerId);
        Assert.Equal(-1, header.ProducerEpoch);
        Assert.Equal(-1, header.BaseSequence);
        Assert.Equal(-1, header.PartitionLeaderEpoch);
        Assert.Equal(0, header.Attributes);
    }

    [Fact]
    public void Empty_batch_cannot_be_written()
    {
        using var builder = new RecordBatchBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.ToArray());
    }

    [Fact]
    public void Reset_starts_a_fresh_batch_with_the_same_settings()
    {
        using var builder = new RecordBatchBuilder { Compression = CompressionCodec.Gzip };
        builder.Append(1, null, "first"u8);
        builder.Reset();
        builder.Append(2, null, "second"u8);

        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(builder.ToArray(), out RecordBatch batch));
        Assert.Equal(1, batch.Header.RecordCount);
        Assert.Equal(2, batch.Header.BaseTimestamp);
        using RecordBatchContent content = batch.OpenRecords(1024);
        RecordReader records = content.GetRecords();
        Assert.True(records.MoveNext());
        Assert.Equal("second", Encoding.UTF8.GetString(records.Current.Value));
    }

    [Fact]
    public void Write_appends_after_existing_content()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write<byte>([9, 9, 9]);
        using var builder = new RecordBatchBuilder();
        builder.Append(1, "k"u8, "v"u8);

        int size = builder.WriteTo(output);

        Assert.Equal(3 + size, output.WrittenCount);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.Validate(output.WrittenSpan[3..]));
    }

    [Fact]
    public void Appending_records_allocates_nothing_per_record()
    {
        using var builder = new RecordBatchBuilder();
        RecordHeaderData[] headers = [new RecordHeaderData("h", "v"u8.ToArray())];
        AppendMany(builder, headers); // grow the buffer and warm up first
        builder.Reset();

        long before = GC.GetAllocatedBytesForCurrentThread();
        AppendMany(builder, headers);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, builder.Count);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(CodecData.AllCodecs), MemberType = typeof(CodecData))]
    public void Damaged_records_section_surfaces_only_as_corrupt_record_exception(CompressionCodec codec)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        foreach (Sample sample in Samples().Take(40))
        {
            builder.Append(sample.Timestamp, sample.Key, sample.Value, sample.Headers);
        }

        byte[] original = builder.ToArray();
        var random = new Random(99);
        for (int round = 0; round < 300; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(RecordBatchHeader.Size, damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            // Re-seal the CRC so the damage reaches decompression and record parsing.
            RecordBatchCrc.Update(damaged);
            ReadEverythingOrCorrupt(damaged);
        }
    }

    private static void ReadEverythingOrCorrupt(byte[] bytes)
    {
        if (RecordBatch.TryRead(bytes, out RecordBatch batch) != RecordBatchValidationResult.Ok)
        {
            return;
        }

        try
        {
            using RecordBatchContent content = batch.OpenRecords(1 << 20);
            RecordReader records = content.GetRecords();
            while (records.TryReadNext(out Record record) == RecordReadResult.Record)
            {
                foreach (RecordHeader unused in record.Headers)
                {
                }
            }
        }
        catch (CorruptRecordException)
        {
            // Expected for most damage.
        }
    }

    private static void AppendMany(RecordBatchBuilder builder, RecordHeaderData[] headers)
    {
        for (int i = 0; i < 1000; i++)
        {
            builder.Append(1_700_000_000_000 + i, "key"u8, "value"u8, headers);
        }
    }

    private static void Build(RecordBatchBuilder builder, ArrayBufferWriter<byte> output, long baseOffset, int leaderEpoch, Action<RecordBatchBuilder> append)
    {
        builder.Reset();
        builder.BaseOffset = baseOffset;
        builder.PartitionLeaderEpoch = leaderEpoch;
        append(builder);
        builder.WriteTo(output);
    }

    private static void AssertBytes(byte[]? expected, ReadOnlySpan<byte> actual, bool actualIsNull)
    {
        Assert.Equal(expected is null, actualIsNull);
        Assert.Equal(expected ?? [], actual.ToArray());
    }

    private static List<Sample> Samples()
    {
        var random = new Random(5);
        var samples = new List<Sample>
        {
            new(1_700_000_000_000, null, null, []),
            new(1_700_000_000_500, [], [], []),
            new(1_699_999_999_000, "key"u8.ToArray(), "value"u8.ToArray(), [new RecordHeaderData("trace", null), new RecordHeaderData("empty", Array.Empty<byte>())]),
            new(1_700_000_001_000, null, new byte[300_000], [new RecordHeaderData("big", new byte[70_000])]),
        };
        for (int i = 0; i < 500; i++)
        {
            byte[] value = new byte[random.Next(0, 2000)];
            random.NextBytes(value);
            samples.Add(new(1_700_000_002_000 + random.Next(-5000, 5000), Encoding.UTF8.GetBytes($"k{i}"), value, [new RecordHeaderData("i", BitConverter.GetBytes(i))]));
        }

        return samples;
    }

    private sealed record Sample(long Timestamp, byte[]? Key, byte[]? Value, RecordHeaderData[] Headers);
}
