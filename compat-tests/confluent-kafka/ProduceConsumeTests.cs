using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Confluent.Kafka producers and an assigned consumer: acks, codecs, keys, headers, partitioning.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ProduceConsumeTests(BrokerFixture broker)
{
    [Theory]
    [InlineData(Acks.None)]
    [InlineData(Acks.Leader)]
    [InlineData(Acks.All)]
    public async Task Records_produced_with_each_acks_setting_are_consumed_back(Acks acks)
    {
        string topic = await broker.CreateTopicAsync("acks");
        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig(acks)).Build())
        {
            for (int i = 0; i < 10; i++)
            {
                var report = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k" + i, Value = "v" + i });
                // acks=0 has no response, so no offset; otherwise offsets are assigned in order.
                if (acks != Acks.None)
                {
                    Assert.Equal(PersistenceStatus.Persisted, report.Status);
                    Assert.Equal(i, report.Offset.Value);
                }
            }
        }

        using var consumer = broker.Consumer();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = BrokerFixture.ConsumeMany(consumer, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "v" + i), records.Select(r => r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), records.Select(r => r.Offset.Value));
    }

    public static TheoryData<CompressionType, int> Codecs() => new()
    {
        { CompressionType.None, 0 },
        { CompressionType.Gzip, 1 },
        { CompressionType.Snappy, 2 },
        { CompressionType.Lz4, 3 },
        { CompressionType.Zstd, 4 },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Every_codec_round_trips_and_is_stored_as_sent(CompressionType compression, int codecId)
    {
        string topic = await broker.CreateTopicAsync("codec-" + compression.ToString().ToLowerInvariant());
        var config = broker.ProducerConfig(Acks.All, compression);
        config.LingerMs = 50;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (int i = 0; i < 200; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = "key-" + i, Value = "value-" + i + new string('x', i) });
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
        }

        using var consumer = broker.Consumer();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = BrokerFixture.ConsumeMany(consumer, 200);
        Assert.Equal(200, records.Count);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal("key-" + i, records[i].Message.Key);
            Assert.Equal("value-" + i + new string('x', i), records[i].Message.Value);
            Assert.Equal(i, records[i].Offset.Value);
        }

        // The broker keeps the producer's batches as they came: the stored batches carry the codec. librdkafka
        // sends a batch uncompressed when compressing would not shrink it (a lone small record under load).
        var codecs = StoredBatchCodecs(topic);
        Assert.Contains(codecId, codecs);
        Assert.All(codecs, codec => Assert.True(codec == codecId || codec == 0, $"a batch stored with codec {codec}"));
    }

    [Fact]
    public async Task Keys_and_headers_are_preserved()
    {
        string topic = await broker.CreateTopicAsync("headers");
        byte[] binary = [0, 1, 2, 254, 255];
        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, string>
            {
                Key = "user-42",
                Value = "with headers",
                Headers = [new Header("trace", Encoding.UTF8.GetBytes("abc")), new Header("bin", binary), new Header("trace", Encoding.UTF8.GetBytes("second")), new Header("empty", [])],
            });
            await producer.ProduceAsync(topic, new Message<string, string> { Key = null!, Value = "no key, no headers" });
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "", Value = null! });
        }

        using var consumer = broker.Consumer();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = BrokerFixture.ConsumeMany(consumer, 3);
        Assert.Equal(3, records.Count);

        var first = records[0].Message;
        Assert.Equal("user-42", first.Key);
        Assert.Equal("with headers", first.Value);
        Assert.Equal(["trace", "bin", "trace", "empty"], first.Headers.Select(h => h.Key));
        Assert.Equal("abc", Encoding.UTF8.GetString(first.Headers[0].GetValueBytes()));
        Assert.Equal(binary, first.Headers[1].GetValueBytes());
        Assert.Equal("second", Encoding.UTF8.GetString(first.Headers.GetLastBytes("trace")));
        Assert.Empty(first.Headers[3].GetValueBytes());

        Assert.Null(records[1].Message.Key);
        Assert.Empty(records[1].Message.Headers);
        Assert.Equal("no key, no headers", records[1].Message.Value);
        Assert.Equal("", records[2].Message.Key);
        Assert.Null(records[2].Message.Value);
    }

    [Fact]
    public void Murmur2_matches_the_java_client_vectors()
    {
        // From Kafka's UtilsTest.testMurmur2.
        Assert.Equal(-973932308, Murmur2.Hash("21"u8));
        Assert.Equal(-790332482, Murmur2.Hash("foobar"u8));
        Assert.Equal(-985981536, Murmur2.Hash("a-little-bit-long-string"u8));
        Assert.Equal(-1486304829, Murmur2.Hash("a-little-bit-longer-string"u8));
        Assert.Equal(-58897971, Murmur2.Hash("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"u8));
        Assert.Equal(479470107, Murmur2.Hash("abc"u8));
    }

    [Fact]
    public async Task Murmur2_partitioner_places_keys_as_the_java_client()
    {
        const int partitions = 6;
        string topic = await broker.CreateTopicAsync("murmur2", partitions);
        var config = broker.ProducerConfig();
        config.Partitioner = Partitioner.Murmur2Random;
        var placed = new Dictionary<string, HashSet<int>>();
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < 40; i++)
                {
                    string key = "key-" + i;
                    var report = await producer.ProduceAsync(topic, new Message<string, string> { Key = key, Value = round + ":" + key });
                    Assert.Equal(Murmur2.Partition(Encoding.UTF8.GetBytes(key), partitions), report.Partition.Value);
                    (placed.TryGetValue(key, out var set) ? set : placed[key] = []).Add(report.Partition.Value);
                }
            }
        }
        Assert.All(placed.Values, set => Assert.Single(set));
        Assert.True(placed.Values.Select(s => s.Single()).Distinct().Count() > 1, "40 keys all on one partition");

        // What the broker stored agrees with the delivery reports.
        using var consumer = broker.Consumer();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = BrokerFixture.ConsumeMany(consumer, 80);
        Assert.Equal(80, records.Count);
        Assert.All(records, r => Assert.Equal(Murmur2.Partition(Encoding.UTF8.GetBytes(r.Message.Key), partitions), r.Partition.Value));
    }

    /// <summary>The codec of every batch in the topic's first partition segment, in log order.</summary>
    private List<int> StoredBatchCodecs(string topic)
    {
        string log = Path.Combine(broker.Kafka.DataDirectory, topic + "-0", "00000000000000000000.log");
        using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var codecs = new List<int>();
        byte[] header = new byte[23];
        for (long position = 0; position + header.Length <= file.Length && codecs.Count < 10_000;)
        {
            file.Position = position;
            file.ReadExactly(header);
            // baseOffset(8) batchLength(4) partitionLeaderEpoch(4) magic(1) crc(4) attributes(2)
            codecs.Add(BinaryPrimitives.ReadInt16BigEndian(header.AsSpan(21)) & 0x7);
            position += 12 + BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        }
        return codecs;
    }
}
