using System.Buffers.Binary;
using KafkaNet.Broker.Topics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>
/// Bad produce and fetch requests over a real socket: each partition gets Kafka's error code, the
/// connection keeps answering, and nothing reaches the log.
/// </summary>
public sealed class ProduceFetchBadInputTests : IAsyncLifetime
{
    private const string Topic = "guarded";
    private const string Compacted = "compacted";
    private const int MaxMessageBytes = 2000;
    private EmbeddedKafka _kafka = null!;
    private WireSession _session = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, [new("max.message.bytes", "2000")]));
        _kafka.CreateTopic(new TopicSpec(Compacted, 1, 1, [new("cleanup.policy", "compact")]));
        _session = await WireSession.OpenAsync(_kafka.Port);
        // One good record first, so "unchanged" means an end offset of 1, not an empty log.
        var good = await ProduceAsync(7, Topic, 0, Batch(10));
        Assert.Equal((0, 0L), (good.ErrorCode, good.BaseOffset));
    }

    public async Task DisposeAsync()
    {
        _session.Dispose();
        await _kafka.DisposeAsync();
    }

    public static TheoryData<string, short, string, int, byte[], ErrorCode> BadProduces() => new()
    {
        { "corrupt CRC", 7, Topic, 0, CorruptCrc(), ErrorCode.CorruptMessage },
        { "magic 1", 7, Topic, 0, WithMagic(1), ErrorCode.InvalidRecord },
        { "over max.message.bytes", 7, Topic, 0, Batch(MaxMessageBytes * 2), ErrorCode.MessageTooLarge },
        { "negative partition", 7, Topic, -1, Batch(10), ErrorCode.UnknownTopicOrPartition },
        { "partition that does not exist", 7, Topic, 3, Batch(10), ErrorCode.UnknownTopicOrPartition },
        { "zstd before produce v7", 6, Topic, 0, Batch(10, CompressionCodec.Zstd), ErrorCode.UnsupportedCompressionType },
        { "two batches in one partition", 7, Topic, 0, [.. Batch(10), .. Batch(10)], ErrorCode.InvalidRecord },
        { "no records", 7, Topic, 0, [], ErrorCode.InvalidRecord },
        { "record count above the records carried", 7, Topic, 0, CountLie(), ErrorCode.InvalidRecord },
        { "records section of garbage under a valid CRC", 7, Topic, 0, GarbageRecords(), ErrorCode.InvalidRecord },
        { "null key on a compacted topic", 7, Compacted, 0, Batch(10), ErrorCode.InvalidRecord },
        { "topic of 300 characters", 7, new string('a', 300), 0, Batch(10), ErrorCode.UnknownTopicOrPartition },
        { "topic with a slash", 7, "a/b", 0, Batch(10), ErrorCode.UnknownTopicOrPartition },
    };

    [Theory]
    [MemberData(nameof(BadProduces))]
    public async Task Bad_produce_gets_Kafka_error_and_leaves_log_and_connection_intact(string what, short version, string topic, int partition, byte[] records, ErrorCode expected)
    {
        var response = await ProduceAsync(version, topic, partition, records);

        Assert.True((short)expected == response.ErrorCode, $"{what}: error {response.ErrorCode}, expected {expected}");
        Assert.Equal(-1, response.BaseOffset);
        await _session.AssertUsableAsync();
        Assert.Equal(topic == Compacted ? 0 : 1, await LatestOffsetAsync(topic == Compacted ? Compacted : Topic));
        Assert.Equal(topic is Topic or Compacted, _kafka.Broker.Topics.Find(topic) is not null); // produce never creates topics
    }

    [Fact]
    public async Task Produce_to_the_internal_offsets_topic_is_refused_and_writes_nothing()
    {
        await _kafka.WaitForGroupCoordinatorAsync("any");
        var log = _kafka.Broker.Replicas!.Find(TopicNames.ConsumerOffsets, 0)!;
        long before = log.LogEndOffset;

        var response = await ProduceAsync(7, TopicNames.ConsumerOffsets, 0, Batch(10));

        Assert.Equal((short)ErrorCode.InvalidTopicException, response.ErrorCode);
        Assert.Equal(before, log.LogEndOffset);
        await _session.AssertUsableAsync();
    }

    [Fact]
    public async Task Record_two_hours_ahead_gets_INVALID_TIMESTAMP_with_its_index_in_record_errors()
    {
        using var builder = new RecordBatchBuilder();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        builder.Append(now, NullableBytes.Null, new NullableBytes([1]));
        builder.Append(now + (long)TimeSpan.FromHours(2).TotalMilliseconds, NullableBytes.Null, new NullableBytes([2]));

        var response = await ProduceAsync(8, Topic, 0, builder.ToArray());

        Assert.Equal((short)ErrorCode.InvalidTimestamp, response.ErrorCode);
        var recordError = Assert.Single(response.RecordErrors);
        Assert.Equal(1, recordError.BatchIndex);
        Assert.Contains("after.max.ms", recordError.BatchIndexErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, await LatestOffsetAsync());
        await _session.AssertUsableAsync();
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Zstd)]
    public async Task Keyed_records_on_a_compacted_topic_pass_the_record_checks_whatever_the_codec(CompressionCodec codec)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        for (int i = 0; i < 3; i++)
        {
            builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new NullableBytes([(byte)i]), new NullableBytes(new byte[50]));
        }

        var response = await ProduceAsync(7, Compacted, 0, builder.ToArray());

        Assert.Equal(0, response.ErrorCode);
        Assert.Equal(response.BaseOffset + 3, await LatestOffsetAsync(Compacted));
    }

    [Theory]
    [InlineData(-5, 11)]
    [InlineData(2, 11)]
    [InlineData(-5, 12)]
    [InlineData(1000, 12)]
    public async Task Fetch_outside_the_log_is_OFFSET_OUT_OF_RANGE_and_the_connection_stays_usable(long offset, short version)
    {
        var request = new FetchRequest
        {
            MaxWaitMs = 100,
            MinBytes = 1,
            MaxBytes = 1 << 20,
            Topics = [new() { Topic = Topic, Partitions = [new() { Partition = 0, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }] }],
        };

        var response = await _session.SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request, flexible: version >= 12);

        var partition = response.Responses[0].Partitions[0];
        Assert.Equal((short)ErrorCode.OffsetOutOfRange, partition.ErrorCode);
        Assert.Equal(1, partition.HighWatermark);
        await _session.AssertUsableAsync();
        Assert.Equal(1, await LatestOffsetAsync());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(null)]
    public async Task Invalid_topic_names_get_INVALID_TOPIC_EXCEPTION_from_Metadata_and_CreateTopics(string? name)
    {
        name ??= new string('n', 300);
        var metadata = await _session.SendAsync<MetadataResponse>(MetadataRequest.ApiKey, 4,
            new MetadataRequest { Topics = [new() { Name = name }], AllowAutoTopicCreation = true }, flexible: false);
        var created = await _session.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, 4,
            new CreateTopicsRequest { Topics = [new() { Name = name, NumPartitions = 1, ReplicationFactor = 1 }], TimeoutMs = 1000 }, flexible: false);
        var produced = await ProduceAsync(7, name, 0, Batch(10));

        Assert.Equal((short)ErrorCode.InvalidTopicException, Assert.Single(metadata.Topics).ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidTopicException, Assert.Single(created.Topics).ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, produced.ErrorCode);
        Assert.Null(_kafka.Broker.Topics.Find(name));
        await _session.AssertUsableAsync();
    }

    private async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(short version, string topic, int partition, byte[] records)
    {
        var request = new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 5000,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = partition, Records = records }] }],
        };
        var response = await _session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, version, request, flexible: false);
        return Assert.Single(Assert.Single(response.Responses).PartitionResponses);
    }

    private async Task<long> LatestOffsetAsync(string topic = Topic)
    {
        var request = new ListOffsetsRequest { ReplicaId = -1, Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }] };
        var response = await _session.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, 1, request, flexible: false);
        var partition = response.Topics[0].Partitions[0];
        Assert.Equal(0, partition.ErrorCode);
        return partition.Offset;
    }

    private static byte[] Batch(int valueSize, CompressionCodec codec = CompressionCodec.None)
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        var value = new byte[valueSize];
        Random.Shared.NextBytes(value); // incompressible, so size limits see the real size
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes(value));
        return builder.ToArray();
    }

    /// <summary>A value byte flipped after the CRC was computed.</summary>
    private static byte[] CorruptCrc()
    {
        byte[] batch = Batch(10);
        batch[^1] ^= 0xff;
        return batch;
    }

    /// <summary>
    /// Two records under a header that declares three (big enough that the header alone looks plausible); the CRC
    /// is recomputed so only the count is wrong.
    /// </summary>
    private static byte[] CountLie()
    {
        using var builder = new RecordBatchBuilder();
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes(new byte[20]));
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NullableBytes.Null, new NullableBytes(new byte[20]));
        byte[] batch = builder.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.LastOffsetDeltaOffset), 2);
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), 3);
        RecordBatchCrc.Update(batch);
        return batch;
    }

    /// <summary>A records section overwritten with bytes that parse as no record, the CRC recomputed over them.</summary>
    private static byte[] GarbageRecords()
    {
        byte[] batch = Batch(10);
        batch.AsSpan(RecordBatchHeader.Size).Fill(0xff);
        RecordBatchCrc.Update(batch);
        return batch;
    }

    /// <summary>The magic byte sits before the CRC-covered part, so the CRC stays valid.</summary>
    private static byte[] WithMagic(byte magic)
    {
        byte[] batch = Batch(10);
        batch[RecordBatchHeader.MagicOffset] = magic;
        return batch;
    }
}
