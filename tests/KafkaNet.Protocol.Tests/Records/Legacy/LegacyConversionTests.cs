using System.Buffers;
using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;
using static KafkaNet.Protocol.Tests.Records.Legacy.LegacyFrames;
using Record = KafkaNet.Protocol.Records.Record;

namespace KafkaNet.Protocol.Tests.Records.Legacy;

public class LegacyConversionTests
{
    private const int Limit = 1 << 20;

    [Fact]
    public void Magic0_plain_set_converts_to_a_v2_batch_without_timestamps()
    {
        byte[] set = Concat(Entry(0, 0, 0, 0, Utf8("k"), Utf8("v")), Entry(1, 0, 0, 0, null, Utf8("w")));

        var (batch, records) = ConvertUp(set);

        Assert.Equal(CompressionCodec.None, batch.Header.Compression);
        Assert.Equal([(-1L, "k", "v"), (-1L, (string?)null, "w")], records);
    }

    [Fact]
    public void Magic1_gzip_wrapper_converts_to_a_gzip_v2_batch_with_the_same_records()
    {
        byte[] inner = Concat(Entry(0, 1, 0, 1000, Utf8("a"), Utf8("x")), Entry(1, 1, 0, 1005, null, Utf8("y")));
        byte[] set = Entry(1, 1, 1, 1005, null, Gzip(inner));

        var (batch, records) = ConvertUp(set);

        Assert.Equal(CompressionCodec.Gzip, batch.Header.Compression);
        Assert.Equal(TimestampType.CreateTime, batch.Header.TimestampType);
        Assert.Equal([(1000L, "a", "x"), (1005L, (string?)null, "y")], records);
    }

    [Fact]
    public void Down_conversion_to_magic1_keeps_absolute_offsets_drops_headers_and_skips_control_batches()
    {
        byte[] log = Concat(
            V2Batch(10, CompressionCodec.None, withHeaders: true, "a", "b"),
            ControlBatchBuilder.EndTxnMarker(producerId: 7, producerEpoch: 0, coordinatorEpoch: 0, commit: true, timestamp: 5),
            V2Batch(20, CompressionCodec.Gzip, withHeaders: true, "c", "d", "e"));

        using LegacyMessageSet parsed = DownConvertAndRead(log, LegacyMessageFormat.Magic1, Limit, out LegacyDownConversionResult result);

        Assert.Equal(LegacyMessageError.None, result.Error);
        Assert.Equal(3, result.MessagesWritten); // two plain messages and one wrapper
        Assert.Equal(CompressionCodec.Gzip, parsed.SourceCompression);
        Assert.Equal([10L, 11L, 20L, 21L, 22L], parsed.Messages.Select(m => m.Offset));
        Assert.Equal(["a", "b", "c", "d", "e"], parsed.Messages.Select(m => Encoding.UTF8.GetString(m.Value!.Value.Span)));
        Assert.Equal([10_000L, 10_001L, 20_000L, 20_001L, 20_002L], parsed.Messages.Select(m => m.Timestamp));
        Assert.Equal(22, result.LastOffset);
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    public void Down_conversion_to_magic0_round_trips_each_codec(CompressionCodec codec)
    {
        byte[] log = V2Batch(100, codec, withHeaders: false, "p", "q");

        using LegacyMessageSet parsed = DownConvertAndRead(log, LegacyMessageFormat.Magic0, Limit, out LegacyDownConversionResult result);

        Assert.Equal(LegacyMessageError.None, result.Error);
        Assert.True(parsed.IsValid, parsed.Error.ToString());
        Assert.Equal(codec, parsed.SourceCompression);
        Assert.Equal([100L, 101L], parsed.Messages.Select(m => m.Offset));
        Assert.All(parsed.Messages, m => Assert.Equal(LegacyMessageFormat.NoTimestamp, m.Timestamp));
    }

    [Fact]
    public void Magic0_lz4_wrapper_carries_the_header_checksum_kafka_writes_for_magic0()
    {
        var output = new ArrayBufferWriter<byte>();
        V2ToLegacyConverter.Convert(V2Batch(0, CompressionCodec.Lz4, withHeaders: false, "p"), 0, output, Limit, Limit);

        // Magic 0 wrapper: 12-byte log overhead, crc, magic, attributes, null key (4), value length (4), then the frame.
        byte[] frame = output.WrittenSpan[(12 + 6 + 4 + 4)..].ToArray();
        Assert.Equal(0x04, frame[0]); // frame magic 0x184D2204, little-endian
        byte faulty = (byte)(System.IO.Hashing.XxHash32.HashToUInt32(frame.AsSpan(0, 6)) >> 8);
        Assert.Equal(faulty, frame[6]);
    }

    [Fact]
    public void Down_conversion_stops_at_the_byte_limit_but_always_writes_one_message()
    {
        byte[] log = V2Batch(0, CompressionCodec.None, withHeaders: false, "first", "second");

        using LegacyMessageSet parsed = DownConvertAndRead(log, LegacyMessageFormat.Magic1, maxBytes: 1, out LegacyDownConversionResult result);

        Assert.True(result.StoppedAtSizeLimit);
        Assert.Equal(0, Assert.Single(parsed.Messages).Offset);
    }

    [Fact]
    public void Down_conversion_leaves_out_records_below_the_fetch_offset()
    {
        byte[] log = V2Batch(0, CompressionCodec.None, withHeaders: false, "a", "b", "c");
        var output = new ArrayBufferWriter<byte>();

        V2ToLegacyConverter.Convert(log, LegacyMessageFormat.Magic1, output, Limit, Limit, firstOffset: 2);
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(output.WrittenMemory, Limit, true);

        Assert.Equal(2, Assert.Single(parsed.Messages).Offset);
    }

    [Fact]
    public void Zstd_batches_cannot_be_down_converted()
    {
        byte[] log = V2Batch(0, CompressionCodec.Zstd, withHeaders: false, "a");

        LegacyDownConversionResult result = V2ToLegacyConverter.Convert(log, 1, new ArrayBufferWriter<byte>(), Limit, Limit);

        Assert.Equal(LegacyMessageError.UnsupportedCompression, result.Error);
    }

    private static (RecordBatch Batch, List<(long, string?, string?)> Records) ConvertUp(byte[] set)
    {
        using LegacyMessageSet parsed = LegacyMessageSetReader.Read(set, Limit, allowPartialTrailingMessage: false);
        Assert.True(parsed.IsValid, parsed.Error.ToString());
        var output = new ArrayBufferWriter<byte>();
        int size = LegacyToV2Converter.Convert(parsed, output);

        Assert.Equal(size, output.WrittenCount);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(output.WrittenMemory, out RecordBatch batch));
        var records = new List<(long, string?, string?)>();
        using RecordBatchContent content = batch.OpenRecords(Limit);
        foreach (Record record in content.GetRecords())
        {
            Assert.Equal(0, record.HeaderCount);
            records.Add((record.Timestamp, Text(record.IsKeyNull, record.Key), Text(record.IsValueNull, record.Value)));
        }

        return (batch, records);
    }

    private static LegacyMessageSet DownConvertAndRead(byte[] log, byte magic, int maxBytes, out LegacyDownConversionResult result)
    {
        var output = new ArrayBufferWriter<byte>();
        result = V2ToLegacyConverter.Convert(log, magic, output, maxBytes, Limit);
        Assert.Equal(result.BytesWritten, output.WrittenCount);
        LegacyMessageSet parsed = LegacyMessageSetReader.Read(output.WrittenMemory, Limit, allowPartialTrailingMessage: false);
        Assert.True(parsed.IsValid, parsed.Error.ToString());
        Assert.All(parsed.Messages, m => Assert.Equal(magic, m.Magic));
        return parsed;
    }

    private static byte[] V2Batch(long baseOffset, CompressionCodec codec, bool withHeaders, params string[] values)
    {
        using var builder = new RecordBatchBuilder { BaseOffset = baseOffset, Compression = codec };
        RecordHeaderData[] headers = withHeaders ? [new RecordHeaderData("h", Utf8("hv"))] : [];
        for (int i = 0; i < values.Length; i++)
        {
            builder.Append((baseOffset * 1000) + i, Utf8("key"), Utf8(values[i]), headers);
        }

        return builder.ToArray();
    }

    private static string? Text(bool isNull, ReadOnlySpan<byte> bytes) => isNull ? null : Encoding.UTF8.GetString(bytes);
}
