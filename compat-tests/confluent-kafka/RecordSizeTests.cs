using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Record sizes against max.message.bytes (the topic's) and message.max.bytes (the producer's).</summary>
[Collection(BrokerCollection.Name)]
public sealed class RecordSizeTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_1_MB_record_fits_the_default_max_message_bytes()
    {
        string topic = await broker.CreateTopicAsync("big");
        var config = broker.ProducerConfig();
        config.MessageMaxBytes = 2_000_000; // librdkafka's own limit defaults to 1000000
        string value = new('m', 1_000_000);
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            var report = await producer.ProduceAsync(topic, new Message<string, string> { Key = "big", Value = value });
            Assert.Equal(0, report.Offset.Value);
        }

        using var consumer = broker.Consumer();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var record = Assert.Single(BrokerFixture.ConsumeMany(consumer, 1));
        Assert.Equal(value.Length, record.Message.Value.Length);
        Assert.Equal(value, record.Message.Value);
    }

    [Theory]
    [InlineData(null, 1_100_000)]      // default max.message.bytes 1048588
    [InlineData("10000", 20_000)]       // a topic override
    public async Task A_record_over_the_topics_max_message_bytes_is_refused(string? maxMessageBytes, int size)
    {
        string topic = await broker.CreateTopicAsync("too-big", 1, maxMessageBytes is null ? null : new() { ["max.message.bytes"] = maxMessageBytes });
        var config = broker.ProducerConfig();
        config.MessageMaxBytes = 2_000_000;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = new string('x', size) }));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, error.Error.Code);

        // A record that fits still goes through afterwards.
        var ok = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "small" });
        Assert.Equal(0, ok.Offset.Value);
    }

    [Fact]
    public async Task Records_larger_than_the_fetch_limits_are_still_returned_one_batch_at_a_time()
    {
        string topic = await broker.CreateTopicAsync("over-fetch-limit");
        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build())
        {
            for (int i = 0; i < 3; i++)
            {
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k" + i, Value = i + new string('f', 20_000) });
            }
        }

        // Kafka (KIP-74) returns the first batch even when it exceeds max.partition.fetch.bytes and fetch.max.bytes.
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = broker.Bootstrap,
            GroupId = "kafkanet-compat-unused",
            EnableAutoCommit = false,
            MessageMaxBytes = 1000,
            FetchMaxBytes = 1000,
            MaxPartitionFetchBytes = 1000,
            FetchWaitMaxMs = 100,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = BrokerFixture.ConsumeMany(consumer, 3);
        Assert.Equal([0L, 1L, 2L], records.Select(r => r.Offset.Value));
        Assert.All(records, r => Assert.Equal(20_001, r.Message.Value.Length));
    }
}
