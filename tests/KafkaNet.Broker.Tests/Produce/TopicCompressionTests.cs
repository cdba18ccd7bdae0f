using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Produce;

/// <summary>A topic's compression.type re-encodes what producers send; "producer" keeps their codec.</summary>
public sealed class TopicCompressionTests
{
    [Theory]
    [InlineData("gzip", CompressionType.None, CompressionCodec.Gzip)]
    [InlineData("zstd", CompressionType.Lz4, CompressionCodec.Zstd)]
    [InlineData("uncompressed", CompressionType.Snappy, CompressionCodec.None)]
    [InlineData("producer", CompressionType.Snappy, CompressionCodec.Snappy)]
    public async Task Stored_batches_use_the_topic_codec_and_read_back_intact(string topicCodec, CompressionType producerCodec, CompressionCodec stored)
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = "codec", NumPartitions = 1, ReplicationFactor = 1,
                Configs = new Dictionary<string, string> { ["compression.type"] = topicCodec },
            }]);
        }
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers, CompressionType = producerCodec, LingerMs = 20,
        }).Build())
        {
            for (int i = 0; i < 20; i++)
            {
                producer.Produce("codec", new Message<string, string>
                {
                    Key = "k" + i, Value = new string('v', 100) + i, Headers = [new Header("h", [(byte)i])],
                });
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
        }

        var log = kafka.Broker.Replicas!.Find("codec", 0)!;
        using (var read = log.Read(0, 1 << 20))
        {
            var header = RecordBatchHeader.Read(read.Region!.ToArray());
            Assert.Equal(stored, header.Compression);
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = "unused", EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset("codec", 0, Offset.Beginning));
        for (int i = 0; i < 20; i++)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10));
            Assert.NotNull(result);
            Assert.Equal("k" + i, result.Message.Key);
            Assert.Equal(new string('v', 100) + i, result.Message.Value);
            Assert.Equal(i, result.Message.Headers[0].GetValueBytes()[0]);
            Assert.Equal(i, result.Offset.Value);
        }
    }
}
