using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.OldVersions.Produce;

/// <summary>librdkafka told the broker is 0.10.0 (no ApiVersions): it produces with Produce v2 and magic 1 message sets.</summary>
public sealed class OldProduceClientTests
{
    [Theory]
    [InlineData(CompressionType.None)]
    [InlineData(CompressionType.Gzip)]
    public async Task A_client_speaking_0_10_0_gets_delivery_reports_and_its_records_land_as_v2_batches(CompressionType codec)
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        kafka.CreateTopic(new TopicSpec("legacy-client", 1, 1, []));
        var config = new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ApiVersionRequest = false,
            BrokerVersionFallback = "0.10.0",
            CompressionType = codec,
            LingerMs = 5,
            EnableIdempotence = false,
            Acks = Acks.Leader,
        };
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            var reports = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => producer.ProduceAsync("legacy-client", new Message<string, string>
            {
                Key = $"k{i}", Value = $"v{i}", Timestamp = new Timestamp(sent + i, Confluent.Kafka.TimestampType.CreateTime),
            })));
            Assert.All(reports, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
            Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), reports.Select(r => r.Offset.Value).Order());
        }

        var log = kafka.Broker.Replicas!.Find("legacy-client", 0)!;
        Assert.Equal(5, log.LogEndOffset);
        using var read = log.Read(0, 1 << 20);
        var reader = new RecordBatchReader(read.Region!.ToArray());
        var records = new List<(string Key, string Value, long Timestamp)>();
        for (int batches = 0; batches < 5 && !reader.IsAtEnd; batches++)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out var batch));
            Assert.Equal(RecordBatchHeader.CurrentMagic, batch.Header.Magic);
            using var content = batch.OpenRecords(1 << 20);
            foreach (var record in content.GetRecords())
            {
                records.Add((Encoding.UTF8.GetString(record.Key), Encoding.UTF8.GetString(record.Value), record.Timestamp));
            }
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ($"k{i}", $"v{i}", sent + i)), records);
    }
}
