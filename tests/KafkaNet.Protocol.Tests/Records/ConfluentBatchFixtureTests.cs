using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

/// <summary>
/// Batches written by Confluent.Kafka 2.16 (librdkafka 2.16) in Produce v10 requests, one per codec,
/// captured from a live producer by ConfluentProducedBatchTests with KAFKANET_CAPTURE_DIR set.
/// Each holds three records key-i / value-i + 200 'x' with a "trace" header t-i.
/// </summary>
public class ConfluentBatchFixtureTests
{
    public static TheoryData<string, CompressionCodec> Fixtures() => new()
    {
        { "confluent-kafka-2.16-produce-v10-none.hex", CompressionCodec.None },
        { "confluent-kafka-2.16-produce-v10-gzip.hex", CompressionCodec.Gzip },
        { "confluent-kafka-2.16-produce-v10-snappy.hex", CompressionCodec.Snappy },
        { "confluent-kafka-2.16-produce-v10-lz4.hex", CompressionCodec.Lz4 },
        { "confluent-kafka-2.16-produce-v10-zstd.hex", CompressionCodec.Zstd },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Batch_written_by_confluent_kafka_decodes_with_valid_crc(string fixture, CompressionCodec codec)
    {
        byte[] bytes = HexFixture.Load(fixture);
        Assert.True(RecordBatchCrc.IsValid(bytes));
        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out var batch));
        Assert.Equal(codec, batch.Header.Compression);
        Assert.Equal(3, batch.Header.RecordCount);

        using var content = batch.OpenRecords(64 * 1024);
        int i = 0;
        foreach (var record in content.GetRecords())
        {
            Assert.Equal("key-" + i, Encoding.UTF8.GetString(record.Key));
            Assert.Equal("value-" + i + new string('x', 200), Encoding.UTF8.GetString(record.Value));
            Assert.Equal(i, record.OffsetDelta);
            foreach (var header in record.Headers)
            {
                Assert.Equal("trace", header.GetKeyString());
                Assert.Equal("t-" + i, Encoding.UTF8.GetString(header.Value));
            }
            i++;
        }
        Assert.Equal(3, i);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Flipped_bit_in_a_confluent_batch_is_reported_as_corrupt(string fixture, CompressionCodec codec)
    {
        _ = codec;
        byte[] bytes = HexFixture.Load(fixture);
        bytes[^5] ^= 0x10;
        Assert.Equal(RecordBatchValidationResult.BadCrc, RecordBatch.TryRead(bytes, out _));
    }
}
