using System.Buffers.Binary;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchCheckerTests
{
    private const int MaxDecompressed = 64 << 20;
    private const long Now = 1_700_000_000_000;

    [Fact]
    public void Megabyte_batch_of_kilobyte_records_passes()
    {
        byte[] batch = Batch(1024, 1024);

        Assert.Equal((RecordBatchValidationResult.Ok, default(RecordFault)), Check(batch, new RecordRules(true, Now - 10, Now + 5000)));
    }

    [Fact]
    public void Bad_crc_wins_over_a_record_fault_found_in_an_earlier_chunk()
    {
        byte[] batch = Batch(200, 1000, keyless: 3);
        batch[^1] ^= 1;

        Assert.Equal((RecordBatchValidationResult.BadCrc, default(RecordFault)), Check(batch, new RecordRules(true, long.MinValue, long.MaxValue)));
    }

    [Fact]
    public void Missing_key_is_reported_with_the_record_index_past_the_first_chunk()
    {
        byte[] batch = Batch(200, 1000, keyless: 150);

        var (result, fault) = Check(batch, new RecordRules(true, long.MinValue, long.MaxValue));

        Assert.Equal(RecordBatchValidationResult.Ok, result);
        Assert.Equal(new RecordFault(RecordFaultKind.MissingKey, 150), fault);
    }

    [Fact]
    public void Records_without_a_timestamp_pass_the_timestamp_bounds_as_in_Kafka()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(-1, null, new byte[] { 1 });
        builder.Append(-1, null, new byte[] { 2 });

        var (result, fault) = Check(builder.ToArray(), new RecordRules(false, Now - 1000, Now + 1000));

        Assert.Equal((RecordBatchValidationResult.Ok, default(RecordFault)), (result, fault));
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Zstd)]
    public void Largest_record_timestamp_is_reported_for_the_header_to_carry(CompressionCodec codec)
    {
        byte[] batch = Batch(300, 200, codec: codec);
        RecordBatchValidator.ValidateHeader(batch, out RecordBatchHeader header);

        RecordBatchChecker.Check(batch, header, RecordRules.None, MaxDecompressed, out RecordFault fault, out long maxTimestamp);

        Assert.Equal((RecordFaultKind.None, Now + 299), (fault.Kind, maxTimestamp));
    }

    [Fact]
    public void LogAppendTime_batch_read_as_CreateTime_is_held_to_its_records_own_timestamps()
    {
        byte[] batch = Batch(10, 10);
        RecordBatchPatch.SetLogAppendTime(batch, Now);
        RecordBatchValidator.ValidateHeader(batch, out RecordBatchHeader header);
        var rules = new RecordRules(false, long.MinValue, Now + 4, ReadAsCreateTime: true);

        RecordBatchChecker.Check(batch, header, rules with { ReadAsCreateTime = false }, MaxDecompressed, out RecordFault asClaimed, out _);
        RecordBatchChecker.Check(batch, header, rules, MaxDecompressed, out RecordFault asCreateTime, out _);

        Assert.Equal(RecordFaultKind.None, asClaimed.Kind);
        Assert.Equal(new RecordFault(RecordFaultKind.Timestamp, 5, Now + 5), asCreateTime);
    }

    [Fact]
    public void Timestamp_outside_the_bounds_is_reported_with_its_value()
    {
        byte[] batch = Batch(100, 1000);

        var (_, fault) = Check(batch, new RecordRules(false, long.MinValue, Now + 40));

        Assert.Equal(new RecordFault(RecordFaultKind.Timestamp, 41, Now + 41), fault);
    }

    [Fact]
    public void Offset_delta_that_skips_is_reported_with_the_delta()
    {
        byte[] batch = RawBatch(RawRecord(0), RawRecord(2));

        Assert.Equal(new RecordFault(RecordFaultKind.OffsetDelta, 1, 2), Check(batch, RecordRules.None).Fault);
    }

    [Fact]
    public void Last_offset_delta_past_the_records_is_reported_with_their_count()
    {
        byte[] batch = RawBatch(RawRecord(0), RawRecord(1));
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), 5);
        RecordBatchCrc.Update(batch);

        Assert.Equal(new RecordFault(RecordFaultKind.LastOffsetDelta, 2), Check(batch, RecordRules.None).Fault);
    }

    [Fact]
    public void Garbage_records_under_a_good_crc_are_malformed()
    {
        byte[] batch = Batch(3, 10);
        batch.AsSpan(RecordBatchHeader.Size).Fill(0xff);
        RecordBatchCrc.Update(batch);

        Assert.Equal((RecordBatchValidationResult.Ok, new RecordFault(RecordFaultKind.Malformed, 0)), Check(batch, RecordRules.None));
    }

    [Fact]
    public void Compressed_records_are_checked_after_decompression()
    {
        byte[] batch = Batch(50, 100, keyless: 7, codec: CompressionCodec.Gzip);

        Assert.Equal(new RecordFault(RecordFaultKind.MissingKey, 7), Check(batch, new RecordRules(true, long.MinValue, long.MaxValue)).Fault);
    }

    [Fact]
    public void Compressed_section_that_does_not_inflate_is_undecompressable()
    {
        byte[] batch = Batch(50, 100, codec: CompressionCodec.Gzip);
        batch.AsSpan(RecordBatchHeader.Size, 20).Fill(0x55);
        RecordBatchCrc.Update(batch);

        var (result, fault) = Check(batch, RecordRules.None);

        Assert.Equal(RecordBatchValidationResult.Ok, result);
        Assert.Equal(RecordFaultKind.Undecompressable, fault.Kind);
        Assert.False(string.IsNullOrEmpty(fault.Detail));
    }

    [Fact]
    public void Control_batch_records_are_not_read()
    {
        using var builder = new RecordBatchBuilder { IsControl = true };
        builder.Append(Now, new byte[] { 0, 0, 0, 0 }, new byte[] { 0, 0, 0, 0, 0, 0 });
        byte[] batch = builder.ToArray();
        batch.AsSpan(RecordBatchHeader.Size).Fill(0xff);
        RecordBatchCrc.Update(batch);

        Assert.Equal((RecordBatchValidationResult.Ok, default(RecordFault)), Check(batch, RecordRules.None));
    }

    [Fact]
    public void Damaged_batches_get_the_same_verdict_as_validating_then_reading_records()
    {
        var random = new Random(11);
        byte[] original = Batch(300, 300, keyless: -1, random: random);
        var verdicts = new HashSet<(RecordBatchValidationResult, RecordFaultKind)>();
        for (int i = 0; i < 400; i++)
        {
            byte[] batch = (byte[])original.Clone();
            int damage = 1 + random.Next(3);
            for (int d = 0; d < damage; d++)
            {
                batch[RecordBatchHeader.Size + random.Next(batch.Length - RecordBatchHeader.Size)] ^= (byte)(1 << random.Next(8));
            }
            if (random.Next(4) != 0)
            {
                RecordBatchCrc.Update(batch);
            }
            var rules = new RecordRules(random.Next(2) == 0, Now - random.Next(400), Now + random.Next(400));

            var (result, fault) = Check(batch, rules);
            Assert.Equal(TwoPasses(batch, rules), (result, fault));
            verdicts.Add((result, fault.Kind));
        }

        // The damage reaches the CRC, the parser and the rules alike, not one verdict over and over.
        Assert.True(verdicts.Count >= 4, string.Join(", ", verdicts));
    }

    /// <summary>The checks as separate passes: header and CRC, then a walk over the records.</summary>
    private static (RecordBatchValidationResult, RecordFault) TwoPasses(byte[] bytes, RecordRules rules)
    {
        RecordBatchValidationResult result = RecordBatch.TryRead(bytes, out RecordBatch batch);
        if (result != RecordBatchValidationResult.Ok)
        {
            return (result, default);
        }
        using var content = batch.OpenRecords(MaxDecompressed);
        var reader = content.GetRecords();
        for (int index = 0; ; index++)
        {
            switch (reader.TryReadNext(out KafkaNet.Protocol.Records.Record record))
            {
                case RecordReadResult.End:
                    return (result, batch.Header.LastOffsetDelta == index - 1 ? default : new RecordFault(RecordFaultKind.LastOffsetDelta, index));
                case RecordReadResult.Corrupt:
                    return (result, new RecordFault(RecordFaultKind.Malformed, index));
            }
            RecordFault fault = record.OffsetDelta != index ? new RecordFault(RecordFaultKind.OffsetDelta, index, record.OffsetDelta)
                : rules.KeysRequired && record.IsKeyNull ? new RecordFault(RecordFaultKind.MissingKey, index)
                : record.Timestamp < rules.EarliestTimestamp || record.Timestamp > rules.LatestTimestamp ? new RecordFault(RecordFaultKind.Timestamp, index, record.Timestamp)
                : default;
            if (fault.Kind != RecordFaultKind.None)
            {
                return (result, fault);
            }
        }
    }

    private static (RecordBatchValidationResult Result, RecordFault Fault) Check(byte[] batch, RecordRules rules)
    {
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatchValidator.ValidateHeader(batch, out RecordBatchHeader header));
        RecordBatchValidationResult result = RecordBatchChecker.Check(batch, header, rules, MaxDecompressed, out RecordFault fault);
        return (result, fault);
    }

    /// <summary>Records with keys (but the one at <paramref name="keyless"/>) and timestamps Now, Now + 1, ...</summary>
    private static byte[] Batch(int count, int valueSize, int keyless = -1, CompressionCodec codec = CompressionCodec.None, Random? random = null)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        byte[] value = new byte[valueSize];
        for (int i = 0; i < count; i++)
        {
            random?.NextBytes(value);
            byte[]? key = i == keyless ? null : BitConverter.GetBytes(i);
            int size = random is null ? valueSize : random.Next(valueSize);
            builder.Append(Now + i, key, value.AsSpan(0, size));
        }
        return builder.ToArray();
    }

    /// <summary>A record with the given offset delta, no key, a one-byte value and no headers.</summary>
    private static byte[] RawRecord(int offsetDelta)
    {
        byte[] body = new RawBytes().Byte(0).Varlong(0).Varint(offsetDelta).Varint(-1).Sized([7]).Varint(0).ToArray();
        return new RawBytes().Sized(body).ToArray();
    }

    private static byte[] RawBatch(params byte[][] records)
    {
        byte[] section = [.. records.SelectMany(r => r)];
        byte[] batch = new byte[RecordBatchHeader.Size + section.Length];
        new RecordBatchHeader
        {
            BatchLength = batch.Length - RecordBatchHeader.LogOverhead,
            Magic = RecordBatchHeader.CurrentMagic,
            LastOffsetDelta = records.Length - 1,
            BaseTimestamp = Now,
            MaxTimestamp = Now,
            ProducerId = RecordBatchHeader.NoProducerId,
            ProducerEpoch = RecordBatchHeader.NoProducerEpoch,
            BaseSequence = RecordBatchHeader.NoSequence,
            RecordCount = records.Length,
        }.WriteTo(batch);
        section.CopyTo(batch, RecordBatchHeader.Size);
        RecordBatchCrc.Update(batch);
        return batch;
    }
}
