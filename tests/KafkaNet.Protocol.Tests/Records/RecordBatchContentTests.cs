using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using Record = KafkaNet.Protocol.Records.Record;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordBatchContentTests
{
    [Theory]
    [InlineData("sarama-batch-none.hex", CompressionCodec.None)]
    [InlineData("sarama-batch-gzip.hex", CompressionCodec.Gzip)]
    [InlineData("sarama-batch-snappy.hex", CompressionCodec.Snappy)]
    [InlineData("sarama-batch-lz4.hex", CompressionCodec.Lz4)]
    public void Client_compressed_batches_decode_to_the_same_record(string fixture, CompressionCodec codec)
    {
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(HexFixture.Load(fixture), out RecordBatch batch));
        Assert.Equal(codec, batch.Header.Compression);

        using RecordBatchContent content = batch.OpenRecords(1 << 20);
        RecordReader records = content.GetRecords();

        Assert.True(records.MoveNext());
        Record record = records.Current;
        Assert.Equal(1_479_847_795_005, record.Timestamp);
        Assert.Equal([1, 2, 3, 4], record.Key.ToArray());
        Assert.Equal([5, 6, 7], record.Value.ToArray());
        RecordHeaderEnumerator headers = record.Headers;
        Assert.True(headers.MoveNext());
        Assert.Equal([8, 9, 10], headers.Current.Key.ToArray());
        Assert.Equal([11, 12], headers.Current.Value.ToArray());
        Assert.False(records.MoveNext());
    }

    [Fact]
    public void Uncompressed_content_is_a_view_of_the_batch()
    {
        byte[] bytes = HexFixture.Load("sarama-batch-none.hex");
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out RecordBatch batch));

        using RecordBatchContent content = batch.OpenRecords(0);

        Assert.True(content.Records.Span.Overlaps(bytes));
    }

    [Fact]
    public void Compressed_batch_inflating_past_limit_is_corrupt()
    {
        byte[] bytes = OneRecordBatch(CompressionCodec.Zstd, new byte[4 << 20]);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out RecordBatch batch));

        Assert.ThrowsAny<CorruptRecordException>(() => batch.OpenRecords(1 << 20));
        using RecordBatchContent content = batch.OpenRecords(8 << 20);
        Assert.Equal(1, CountRecords(content.GetRecords()));
    }

    [Fact]
    public void Compressed_records_that_are_not_valid_codec_data_are_corrupt()
    {
        byte[] bytes = HexFixture.Load("sarama-batch-lz4.hex");
        bytes[RecordBatchHeader.Size] ^= 0xFF; // break the LZ4 frame magic
        RecordBatchCrc.Update(bytes);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out RecordBatch batch));

        Assert.ThrowsAny<CorruptRecordException>(() => batch.OpenRecords(1 << 20));
    }

    [Fact]
    public void Batch_reader_stops_at_partial_trailing_batch()
    {
        byte[] all = HexFixture.Load("kafka-broker-batches.hex");
        var reader = new RecordBatchReader(all[..^5]);

        Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out _));
        Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out _));
        Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out _));
        Assert.Equal(RecordBatchValidationResult.Truncated, reader.ReadNext(out _));
        Assert.Equal(all.Length - 81, reader.Consumed);
        Assert.False(reader.IsAtEnd);
    }

    private static int CountRecords(RecordReader records)
    {
        int count = 0;
        foreach (Record unused in records)
        {
            count++;
        }

        return count;
    }

    // Assembled by hand so these tests do not depend on the batch builder.
    private static byte[] OneRecordBatch(CompressionCodec codec, byte[] value)
    {
        byte[] record = new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-1).Sized(value).Varint(0).AsRecord();
        using var compressed = new PooledBufferWriter();
        RecordCompression.Compress(codec, record, compressed);
        return RawBytes.Batch(compressed.ToArray(), 1, RecordBatchAttributes.Create(codec));
    }
}
