using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>
/// A data directory written by a single node that kept its topics in topics.json is taken over by the server's
/// metadata log on first start: same topic ids, configs and records, producer ids past every one handed out.
/// </summary>
public sealed class TopicsFileTakeoverTests
{
    private const string Topic = "kept";
    private const int Records = 30;

    [Fact]
    public async Task A_topics_json_data_directory_keeps_its_topics_ids_configs_records_and_producer_ids()
    {
        using var dir = new TempDirectory();
        Guid topicId;
        // A broker without a quorum writes the format an earlier single node left behind.
        await using (var kafka = await ControllerlessBroker.StartAsync(new EmbeddedKafkaOptions { DataDirectory = dir.Path }))
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = Topic, NumPartitions = 3, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "123456789" },
            }]);
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
            for (int i = 0; i < Records; i++)
                await producer.ProduceAsync(new TopicPartition(Topic, i % 3), new Message<Null, string> { Value = $"r{i}" });
            topicId = kafka.Broker.Topics.Find(Topic)!.TopicId;
        }
        string file = Path.Combine(dir.Path, "topics.json");
        Assert.True(File.Exists(file));

        for (int run = 0; run < 2; run++)
        {
            // The second run starts from the metadata log alone, after a kill -9.
            using var server = await ServerProcess.StartAsync(dir.Path);
            // Answered once the node is ready, so after the takeover.
            var metadata = await WireExchange.SendAsync<MetadataResponse>(server.Port, MetadataRequest.ApiKey, 12,
                new MetadataRequest { Topics = [new() { Name = Topic }] }, flexible: true);
            Assert.False(File.Exists(file));
            Assert.True(File.Exists(file + StandaloneMetadataFiles.MigratedSuffix));
            var topic = Assert.Single(metadata.Topics);
            Assert.Equal(0, topic.ErrorCode);
            Assert.Equal(topicId, topic.TopicId);
            Assert.Equal(3, topic.Partitions.Count);

            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = server.BootstrapServers }).Build();
            var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = Topic }]);
            Assert.Equal("123456789", configs[0].Entries["retention.ms"].Value);
            Assert.Equal(Records, ReadAll(server.BootstrapServers).Count);

            using (var session = await WireSession.OpenAsync(server.Port))
            {
                var init = await InitIdempotentAsync(session, 4);
                Assert.Equal(0, init.ErrorCode);
                // The single node had handed out ids of its first block (0-999).
                Assert.True(init.ProducerId >= 1000, $"producer id {init.ProducerId} may repeat one handed out before");
            }
            await server.KillAsync();
        }
    }

    private static List<string> ReadAll(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "unused", EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        var values = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (values.Count < Records && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
                values.Add(result.Message.Value);
        }
        return values;
    }
}
