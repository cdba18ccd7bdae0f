using System.Text;
using KafkaNet.Protocol.Records;
using Record = KafkaNet.Protocol.Records.Record;

namespace KafkaNet.Protocol.Tests.Records;

public class RecordReaderTests
{
    [Fact]
    public void Batches_from_kafka_broker_decode_to_published_records()
    {
        var reader = new RecordBatchReader(HexFixture.Load("kafka-broker-batches.hex"));
        var seen = new List<(long Offset, long Timestamp, string Value, bool KeyNull, string Headers)>();
        while (!reader.IsAtEnd)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out RecordBatch batch));
            foreach (Record record in batch.GetRecords())
            {
                var headers = new StringBuilder();
                foreach (RecordHeader header in record.Headers)
                {
                    headers.Append(header.GetKeyString()).Append('=').Append(Encoding.UTF8.GetString(header.Value));
                }

                seen.Add((record.Offset, record.Timestamp, Encoding.UTF8.GetString(record.Value), record.IsKeyNull, headers.ToString()));
            }
        }

        Assert.Equal(
            [
                (0L, 1_503_229_838_908L, "123", true, ""),
                (1L, 1_503_229_959_532L, "", true, ""),
                (2L, 1_503_229_959_700L, "", true, ""),
                (3L, 1_503_229_962_141L, "123", true, ""),
                (0L, 1_535_546_684_353L, "hdr", true, "hkey=hval"),
            ],
            seen);
    }

    [Fact]
    public void Client_written_record_exposes_every_field_as_a_slice()
    {
        byte[] bytes = HexFixture.Load("sarama-batch-none.hex");
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out RecordBatch batch));

        RecordReader records = batch.GetRecords();
        Assert.True(records.MoveNext());
        Record record = records.Current;

        Assert.Equal(21, record.SizeInBytes);
        Assert.Equal(0, record.Attributes);
        Assert.Equal(5, record.TimestampDelta);
        Assert.Equal(1_479_847_795_005, record.Timestamp);
        Assert.Equal(0, record.OffsetDelta);
        Assert.False(record.IsKeyNull);
        Assert.Equal([1, 2, 3, 4], record.Key.ToArray());
        Assert.Equal([5, 6, 7], record.Value.ToArray());
        Assert.Equal(1, record.HeaderCount);
        foreach (RecordHeader header in record.Headers)
        {
            Assert.Equal([8, 9, 10], header.Key.ToArray());
            Assert.Equal([11, 12], header.Value.ToArray());
            Assert.False(header.IsValueNull);
        }

        Assert.True(record.Value.Overlaps(bytes), "value should be a view of the batch, not a copy");
        Assert.False(records.MoveNext());
    }

    [Fact]
    public void Null_key_value_and_header_value_are_distinct_from_empty()
    {
        byte[] record = new RawBytes()
            .Byte(0).Varlong(0).Varint(0)
            .Varint(-1).Varint(0)
            .Varint(1).Sized("k"u8.ToArray()).Varint(-1)
            .AsRecord();

        Assert.True(Record.TryParse(record, out Record parsed, out int consumed));
        Assert.Equal(record.Length, consumed);
        Assert.True(parsed.IsKeyNull);
        Assert.False(parsed.IsValueNull);
        Assert.True(parsed.Value.IsEmpty);
        RecordHeaderEnumerator headers = parsed.Headers;
        Assert.True(headers.MoveNext());
        Assert.True(headers.Current.IsValueNull);
        Assert.False(headers.MoveNext());
    }

    public static TheoryData<string, byte[]> MalformedRecords => new()
    {
        { "key length below -1", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-2).Varint(0).Varint(0).AsRecord() },
        { "key runs past record", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(50).Bytes(1, 2).AsRecord() },
        { "value runs past record", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-1).Varint(9).Bytes(1).AsRecord() },
        { "negative header count", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-1).Varint(-1).Varint(-1).AsRecord() },
        { "header count past data", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-1).Varint(-1).Varint(int.MaxValue).AsRecord() },
        { "null header key", new RawBytes().Byte(0).Varlong(0).Varint(0).Varint(-1).Varint(-1).Varint(1).Varint(-1).Varint(-1).AsRecord() },
        { "fields shorter than length", RawBytes.ValidBody().Byte(0).AsRecord() },
        { "length longer than data", RawBytes.ValidBody().AsRecord(lengthAdjust: 1) },
        { "negative length", new RawBytes().Varint(-5).Bytes(0, 0, 0, 0, 0, 0).ToArray() },
        { "truncated varint", new RawBytes().Varint(3).Byte(0).Bytes(0x80, 0x80).ToArray() },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(MalformedRecords))]
    public void Malformed_record_is_rejected(string why, byte[] record)
    {
        Assert.False(Record.TryParse(record, out _, out int consumed), why);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Every_truncation_of_a_record_is_rejected()
    {
        byte[] record = RawBytes.ValidBody().AsRecord();
        Assert.True(Record.TryParse(record, out _, out _));
        for (int length = 0; length < record.Length; length++)
        {
            Assert.False(Record.TryParse(record.AsSpan(0, length), out _, out _));
        }
    }

    [Fact]
    public void Declared_count_above_actual_records_is_corrupt()
    {
        byte[] one = RawBytes.ValidBody().AsRecord();
        var reader = new RecordReader([.. one, .. one], recordCount: 3);

        Assert.Equal(RecordReadResult.Record, reader.TryReadNext(out _));
        Assert.Equal(RecordReadResult.Record, reader.TryReadNext(out _));
        Assert.Equal(RecordReadResult.Corrupt, reader.TryReadNext(out _));
        Assert.Equal(RecordReadResult.Corrupt, reader.TryReadNext(out _));
    }

    [Fact]
    public void Bytes_left_after_declared_count_are_corrupt()
    {
        byte[] one = RawBytes.ValidBody().AsRecord();
        var reader = new RecordReader([.. one, .. one], recordCount: 1);

        Assert.Equal(RecordReadResult.Record, reader.TryReadNext(out _));
        Assert.Equal(RecordReadResult.Corrupt, reader.TryReadNext(out _));
    }

    [Fact]
    public void Foreach_over_corrupt_batch_throws_corrupt_record_exception()
    {
        byte[] one = RawBytes.ValidBody().AsRecord();
        byte[] batch = RawBytes.Batch([.. one, .. one[..^1]], recordCount: 2);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(batch, out RecordBatch parsed));

        int read = 0;
        Assert.Throws<CorruptRecordException>(() =>
        {
            foreach (Record record in parsed.GetRecords())
            {
                read++;
            }
        });
        Assert.Equal(1, read);
    }

    [Fact]
    public void Count_impossible_for_data_size_is_corrupt_before_reading()
    {
        var reader = new RecordReader(new byte[20], recordCount: 100);
        Assert.Equal(RecordReadResult.Corrupt, reader.TryReadNext(out _));
        Assert.Equal(RecordReadResult.Corrupt, new RecordReader([], recordCount: -1).TryReadNext(out _));
    }

    [Fact]
    public void Log_append_time_batch_reports_max_timestamp_for_every_record()
    {
        byte[] one = RawBytes.ValidBody().AsRecord();
        byte[] batch = RawBytes.Batch([.. one], 1, RecordBatchAttributes.TimestampTypeFlag, maxTimestamp: 5555);
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(batch, out RecordBatch parsed));

        RecordReader records = parsed.GetRecords();
        Assert.True(records.MoveNext());
        Assert.Equal(5555, records.Current.Timestamp);
        Assert.Equal(7, records.Current.TimestampDelta);
    }

    [Fact]
    public void Compressed_batch_cannot_be_read_in_place()
    {
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(HexFixture.Load("sarama-batch-gzip.hex"), out RecordBatch batch));
        Assert.Throws<InvalidOperationException>(() => batch.GetRecords());
    }

    [Fact]
    public void Reading_records_allocates_nothing_per_record()
    {
        byte[] one = RawBytes.ValidBody().AsRecord();
        byte[] records = Enumerable.Repeat(one, 1000).SelectMany(r => r).ToArray();
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(RawBytes.Batch(records, 1000), out RecordBatch batch));
        SumRecords(batch); // warm up so JIT work is not counted

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = SumRecords(batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000 * (2 + 3 + 1), sum);
        Assert.Equal(0, allocated);
    }

    private static long SumRecords(RecordBatch batch)
    {
        long sum = 0;
        foreach (Record record in batch.GetRecords())
        {
            sum += record.Key.Length + record.Value.Length;
            foreach (RecordHeader header in record.Headers)
            {
                sum += header.Value.Length;
            }
        }

        return sum;
    }
}
