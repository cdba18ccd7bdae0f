using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using static KafkaNet.Broker.Tests.OldVersions.Produce.LegacySetBuilder;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.OldVersions.Produce;

/// <summary>Produce v0-2 with v0/v1 message sets over a raw socket, read back as v2 batches by a v4+ fetching consumer.</summary>
public sealed class OldProduceTests : IAsyncLifetime
{
    private static readonly long T0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    public static TheoryData<short, byte, bool> Shapes => new()
    {
        { 0, 0, false }, { 0, 1, false }, { 1, 0, false }, { 1, 1, false }, { 1, 1, true }, { 2, 0, false }, { 2, 1, false }, { 2, 1, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Old_message_sets_are_stored_as_v2_batches_with_their_keys_values_and_timestamps(short version, byte magic, bool gzip)
    {
        string topic = $"old-{version}-{magic}-{gzip}";
        Create(topic, []);
        long Timestamp(int i) => magic == 0 ? NoTimestamp : T0 + i;
        byte[] Set(int first) => gzip
            ? GzipWrapper(2, [.. Enumerable.Range(0, 3).Select(i => Message(1, i, Timestamp(first + i), $"k{first + i}", $"v{first + i}"))])
            : [.. Enumerable.Range(0, 3).SelectMany(i => Message(magic, i, Timestamp(first + i), $"k{first + i}", $"v{first + i}"))];
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var first = await ProduceAsync(session, version, topic, Set(0));
        var second = await ProduceAsync(session, version, topic, Set(3));

        Assert.Equal((0, 0L), (first.ErrorCode, first.BaseOffset));
        Assert.Equal((0, 3L), (second.ErrorCode, second.BaseOffset));
        Assert.Equal(-1L, second.LogAppendTimeMs);
        var log = _kafka.Broker.Replicas!.Find(topic, 0)!;
        using (var read = log.Read(0, 1 << 20))
        {
            var header = RecordBatchHeader.Read(read.Region!.ToArray());
            Assert.Equal(RecordBatchHeader.CurrentMagic, header.Magic);
            Assert.Equal(gzip ? KafkaNet.Protocol.Compression.CompressionCodec.Gzip : KafkaNet.Protocol.Compression.CompressionCodec.None, header.Compression);
        }
        var consumed = Consume(topic, 6);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => ((string?)$"k{i}", (string?)$"v{i}", Timestamp(i), (long)i)), consumed);
    }

    [Fact]
    public async Task A_log_append_time_topic_answers_v2_with_the_append_time_and_stamps_the_records()
    {
        Create("old-append-time", [new("message.timestamp.type", "LogAppendTime")]);
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var response = await ProduceAsync(session, 2, "old-append-time", [.. Message(0, 0, NoTimestamp, "a", "1"), .. Message(1, 1, T0, "b", "2")]);

        Assert.Equal(0, response.ErrorCode);
        Assert.InRange(response.LogAppendTimeMs, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.All(Consume("old-append-time", 2), r => Assert.Equal(response.LogAppendTimeMs, r.Timestamp));
    }

    /// <summary>Each fault at the produce version an old client would send it with.</summary>
    public static TheoryData<string, short> BadSets => new()
    {
        { "crc-magic0", 0 },
        { "crc", 2 },
        { "inner-order", 1 },
        { "truncated", 2 },
    };

    [Theory]
    [MemberData(nameof(BadSets))]
    public async Task A_corrupt_set_is_refused_with_corrupt_message_and_the_connection_serves_the_next_request(string fault, short version)
    {
        string topic = $"old-bad-{fault}";
        Create(topic, []);
        byte magic = fault == "crc-magic0" ? (byte)0 : (byte)1;
        byte[] good = Message(magic, 0, T0, "k", "v");
        byte[] bad = fault switch
        {
            "crc" or "crc-magic0" => [.. good, .. WithBadCrc(Message(magic, 1, T0, "k2", "v2"))],
            "inner-order" => GzipWrapper(1, Message(1, 1, T0, "a", "1"), Message(1, 0, T0, "b", "2")),
            _ => [.. good, .. Message(1, 1, T0, "k2", "v2").AsSpan(0, 20)],
        };
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var refused = await ProduceAsync(session, version, topic, bad);

        Assert.Equal((short)ErrorCode.CorruptMessage, refused.ErrorCode);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find(topic, 0)!.LogEndOffset);
        var accepted = await ProduceAsync(session, version, topic, good);
        Assert.Equal((0, 0L), (accepted.ErrorCode, accepted.BaseOffset));
        Assert.Equal(1, _kafka.Broker.Replicas!.Find(topic, 0)!.LogEndOffset);
    }

    [Fact]
    public async Task A_converted_set_takes_the_v3_checks_keyless_records_on_a_compacted_topic_are_invalid()
    {
        Create("old-compacted", [new("cleanup.policy", "compact")]);
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var response = await ProduceAsync(session, 1, "old-compacted", [.. Message(1, 0, T0, "k", "v"), .. Message(1, 1, T0, (string?)null, "v")]);

        Assert.Equal((short)ErrorCode.InvalidRecord, response.ErrorCode);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("old-compacted", 0)!.LogEndOffset);
    }

    [Fact]
    public async Task A_set_over_max_message_bytes_after_conversion_is_too_large()
    {
        Create("old-large", [new("max.message.bytes", "200")]);
        using var session = await WireSession.OpenAsync(_kafka.Port);

        // Each message alone is small; the one converted batch is not, as in Kafka.
        var response = await ProduceAsync(session, 2, "old-large", [.. Enumerable.Range(0, 4).SelectMany(i => Message(1, i, T0, "k", new string('x', 60)))]);

        Assert.Equal((short)ErrorCode.MessageTooLarge, response.ErrorCode);
    }

    [Fact]
    public async Task A_v2_batch_in_a_v2_request_is_accepted_as_kafka_never_checked_old_requests_magic()
    {
        Create("old-magic2", []);
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var response = await ProduceAsync(session, 2, "old-magic2", PipelinedWire.Batch(10));

        Assert.Equal((0, 0L), (response.ErrorCode, response.BaseOffset));
        Assert.Equal(1, _kafka.Broker.Replicas!.Find("old-magic2", 0)!.LogEndOffset);
    }

    [Fact]
    public async Task Two_v2_batches_in_a_v2_request_are_an_invalid_record_and_nothing_is_appended()
    {
        Create("old-two-batches", []);
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var response = await ProduceAsync(session, 2, "old-two-batches", [.. PipelinedWire.Batch(10), .. PipelinedWire.Batch(10)]);

        Assert.Equal((short)ErrorCode.InvalidRecord, response.ErrorCode);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("old-two-batches", 0)!.LogEndOffset);
        await session.AssertUsableAsync();
    }

    [Fact]
    public async Task Two_gzip_wrappers_in_one_set_are_an_invalid_record_as_in_kafka_and_nothing_is_appended()
    {
        Create("old-two-wrappers", []);
        using var session = await WireSession.OpenAsync(_kafka.Port);
        byte[] first = GzipWrapper(1, Message(1, 0, T0, "k", "a"), Message(1, 1, T0, "k", "b"));
        byte[] second = GzipWrapper(1, Message(1, 0, T0, "k", "c"), Message(1, 1, T0, "k", "d"));

        var response = await ProduceAsync(session, 2, "old-two-wrappers", [.. first, .. second]);

        Assert.Equal((short)ErrorCode.InvalidRecord, response.ErrorCode);
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("old-two-wrappers", 0)!.LogEndOffset);
        await session.AssertUsableAsync();
    }

    [Fact]
    public async Task An_empty_set_appends_nothing_and_answers_base_offset_minus_one()
    {
        Create("old-empty", []);
        using var session = await WireSession.OpenAsync(_kafka.Port);

        var response = await ProduceAsync(session, 0, "old-empty", []);

        Assert.Equal((0, -1L), (response.ErrorCode, response.BaseOffset));
        Assert.Equal(0, _kafka.Broker.Replicas!.Find("old-empty", 0)!.LogEndOffset);
    }

    private void Create(string topic, List<KeyValuePair<string, string?>> configs) =>
        _kafka.CreateTopic(new TopicSpec(topic, 1, 1, configs));

    private static async Task<ProduceResponse.PartitionProduceResponse> ProduceAsync(WireSession session, short version, string topic, byte[] records)
    {
        var request = new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 5000,
            TopicData = [new() { Name = topic, PartitionData = [new() { Index = 0, Records = records }] }],
        };
        var response = await session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, version, request, flexible: false);
        return Assert.Single(Assert.Single(response.Responses).PartitionResponses);
    }

    private List<(string? Key, string? Value, long Timestamp, long Offset)> Consume(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string?, string?>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers, GroupId = "unused", EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<(string?, string?, long, long)>();
        for (int i = 0; i < count; i++)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10));
            Assert.NotNull(result);
            records.Add((result.Message.Key, result.Message.Value, result.Message.Timestamp.UnixTimestampMs, result.Offset.Value));
        }
        return records;
    }
}
