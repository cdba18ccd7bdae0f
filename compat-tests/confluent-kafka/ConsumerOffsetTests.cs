using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>An assigned consumer's positioning: Assign at an offset, Seek, OffsetsForTimes, watermarks.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ConsumerOffsetTests(BrokerFixture broker)
{
    private static readonly long BaseTimestamp = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();

    /// <summary>Ten records at BaseTimestamp + i seconds, sent as one batch where librdkafka can.</summary>
    private async Task<string> TopicWithTenRecordsAsync(string prefix)
    {
        string topic = await broker.CreateTopicAsync(prefix);
        var config = broker.ProducerConfig();
        config.LingerMs = 50;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        for (int i = 0; i < 10; i++)
        {
            producer.Produce(topic, new Message<string, string>
            {
                Key = "k" + i,
                Value = "v" + i,
                Timestamp = new Timestamp(BaseTimestamp + i * 1000, TimestampType.CreateTime),
            });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        return topic;
    }

    [Fact]
    public async Task Assign_at_an_offset_then_Seek_moves_the_position()
    {
        string topic = await TopicWithTenRecordsAsync("seek");
        using var consumer = broker.Consumer();
        consumer.Assign(new TopicPartitionOffset(topic, 0, 3));
        var first = BrokerFixture.ConsumeMany(consumer, 2);
        Assert.Equal([3L, 4L], first.Select(r => r.Offset.Value));
        Assert.Equal(BaseTimestamp + 3000, first[0].Message.Timestamp.UnixTimestampMs);
        Assert.Equal(TimestampType.CreateTime, first[0].Message.Timestamp.Type);

        consumer.Seek(new TopicPartitionOffset(topic, 0, 8));
        var afterSeek = BrokerFixture.ConsumeMany(consumer, 2);
        Assert.Equal([8L, 9L], afterSeek.Select(r => r.Offset.Value));

        consumer.Seek(new TopicPartitionOffset(topic, 0, 1));
        Assert.Equal("v1", BrokerFixture.ConsumeMany(consumer, 1).Single().Message.Value);

        // Nothing more after the end: a short poll returns no record.
        consumer.Seek(new TopicPartitionOffset(topic, 0, Offset.End));
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task OffsetsForTimes_finds_the_first_record_at_or_after_each_timestamp()
    {
        string topic = await TopicWithTenRecordsAsync("times");
        using var consumer = broker.Consumer();
        var tp = new TopicPartition(topic, 0);
        long[] expected = [0, 0, 4, 9, Offset.End.Value];
        long[] timestamps = [BaseTimestamp - 60_000, BaseTimestamp, BaseTimestamp + 3500, BaseTimestamp + 9000, BaseTimestamp + 60_000];
        for (int i = 0; i < timestamps.Length; i++)
        {
            var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(timestamps[i], TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
            var result = Assert.Single(found);
            Assert.True(expected[i] == result.Offset.Value, $"timestamp base+{timestamps[i] - BaseTimestamp}: expected {expected[i]}, got {result.Offset.Value}");
        }

        // The offset found is where consumption starts.
        var at = consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(BaseTimestamp + 6000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        consumer.Assign(at);
        Assert.Equal("v6", BrokerFixture.ConsumeMany(consumer, 1).Single().Message.Value);
    }

    [Fact]
    public async Task QueryWatermarkOffsets_and_GetWatermarkOffsets_report_low_and_high()
    {
        string topic = await TopicWithTenRecordsAsync("watermarks");
        using var consumer = broker.Consumer();
        var tp = new TopicPartition(topic, 0);
        var queried = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
        Assert.Equal(0, queried.Low.Value);
        Assert.Equal(10, queried.High.Value);

        // GetWatermarkOffsets reads what fetch responses cached: the high watermark after consuming.
        consumer.Assign(new TopicPartitionOffset(tp, Offset.Beginning));
        Assert.Equal(10, BrokerFixture.ConsumeMany(consumer, 10).Count);
        var cached = consumer.GetWatermarkOffsets(tp);
        Assert.Equal(10, cached.High.Value);

        string empty = await broker.CreateTopicAsync("watermarks-empty");
        var none = consumer.QueryWatermarkOffsets(new TopicPartition(empty, 0), TimeSpan.FromSeconds(10));
        Assert.Equal(0, none.Low.Value);
        Assert.Equal(0, none.High.Value);
    }

    [Fact]
    public async Task An_offset_past_the_end_is_reset_by_auto_offset_reset()
    {
        string topic = await TopicWithTenRecordsAsync("out-of-range");
        using var consumer = broker.Consumer(); // auto.offset.reset=earliest
        // OFFSET_OUT_OF_RANGE from Fetch makes librdkafka reset to the earliest offset.
        consumer.Assign(new TopicPartitionOffset(topic, 0, 1000));
        var records = BrokerFixture.ConsumeMany(consumer, 1);
        Assert.Equal(0, Assert.Single(records).Offset.Value);
    }
}
