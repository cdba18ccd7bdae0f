using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Handlers;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>
/// Record batches written by librdkafka (Confluent.Kafka) with every codec decode with our
/// record-batch reader: CRC, codec, key, value, headers. With KAFKANET_CAPTURE_DIR set, the
/// captured bytes are also saved as hex fixtures for the protocol tests.
/// </summary>
public sealed class ConfluentProducedBatchTests
{
    public static TheoryData<CompressionType, CompressionCodec> Codecs() => new()
    {
        { CompressionType.None, CompressionCodec.None },
        { CompressionType.Gzip, CompressionCodec.Gzip },
        { CompressionType.Snappy, CompressionCodec.Snappy },
        { CompressionType.Lz4, CompressionCodec.Lz4 },
        { CompressionType.Zstd, CompressionCodec.Zstd },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Batch_produced_by_confluent_kafka_decodes(CompressionType compression, CompressionCodec expected)
    {
        var capture = new CapturingProduceHandler();
        IApiHandler[] handlers = [new ApiVersionsHandler(), new OneTopicMetadataHandler("captured"), capture, new EmptyFetchHandler(), new NoCoordinatorHandler()];
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Handlers = handlers });
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            CompressionType = compression,
            Acks = Acks.Leader,
            LingerMs = 50,
            MessageTimeoutMs = 15000,
        }).Build())
        {
            for (int i = 0; i < 3; i++)
            {
                producer.Produce("captured", new Message<string, string>
                {
                    Key = "key-" + i,
                    Value = "value-" + i + new string('x', 200),
                    Headers = [new Header("trace", Encoding.UTF8.GetBytes("t-" + i))],
                    Timestamp = new Timestamp(1_700_000_000_000 + i, Confluent.Kafka.TimestampType.CreateTime),
                });
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(15)));
        }

        var all = capture.Captured.ToArray();
        Assert.NotEmpty(all);
        var (version, bytes) = all[0];
        SaveFixture(compression, version, bytes);

        Assert.Equal(RecordBatchValidationResult.Ok, RecordBatch.TryRead(bytes, out var batch));
        Assert.Equal(expected, batch.Header.Compression);
        Assert.Equal(2, batch.Header.Magic);
        using var content = batch.OpenRecords(1024 * 1024);
        int index = 0;
        foreach (var record in content.GetRecords())
        {
            Assert.Equal("key-" + index, Encoding.UTF8.GetString(record.Key));
            Assert.StartsWith("value-" + index, Encoding.UTF8.GetString(record.Value), StringComparison.Ordinal);
            Assert.Equal(1_700_000_000_000 + index, record.Timestamp);
            foreach (var header in record.Headers)
            {
                Assert.Equal("trace", header.GetKeyString());
                Assert.Equal("t-" + index, Encoding.UTF8.GetString(header.Value));
            }
            Assert.Equal(1, record.HeaderCount);
            index++;
        }
        Assert.Equal(batch.Header.RecordCount, index);
        Assert.True(index >= 1);
    }

    private static void SaveFixture(CompressionType compression, short version, byte[] bytes)
    {
        string? dir = Environment.GetEnvironmentVariable("KAFKANET_CAPTURE_DIR");
        if (dir is null)
        {
            return;
        }
        Directory.CreateDirectory(dir);
        string name = $"confluent-kafka-2.16-produce-v{version}-{compression.ToString().ToLowerInvariant()}.hex";
        File.WriteAllText(Path.Combine(dir, name), Convert.ToHexString(bytes).ToLowerInvariant() + "\n");
    }
}
