using System.Buffers.Binary;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Fetch;

/// <summary>Fetch sessions (KIP-227) and fetch semantics over a real socket with hand-built requests.</summary>
public sealed class FetchSessionTests : IAsyncLifetime
{
    private const string Topic = "sessions";
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _kafka.BootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = Topic, NumPartitions = 2, ReplicationFactor = 1 }]);
        await ProduceAsync(0, 5);
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Full_fetch_with_epoch_0_opens_a_session_and_an_incremental_fetch_returns_only_news()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var full = await FetchAsync(connection, sessionId: 0, epoch: 0, (0, 0L), (1, 0L));
        Assert.Equal(0, full.ErrorCode);
        Assert.NotEqual(0, full.SessionId);
        var partitions = full.Responses.SelectMany(t => t.Partitions).ToList();
        Assert.Equal(2, partitions.Count);
        Assert.True(partitions.Single(p => p.PartitionIndex == 0).Records!.Value.Length > 0);
        Assert.Equal(0, partitions.Single(p => p.PartitionIndex == 1).Records!.Value.Length);

        // The client moves partition 0 past what it read; nothing is new anywhere, so the
        // incremental response lists no partitions.
        var quiet = await FetchAsync(connection, full.SessionId, epoch: 1, maxWaitMs: 50, minBytes: 1, [(0, 5L)]);
        Assert.Equal(0, quiet.ErrorCode);
        Assert.Empty(quiet.Responses.SelectMany(t => t.Partitions));

        await ProduceAsync(1, 1);
        var news = await FetchAsync(connection, full.SessionId, epoch: 2, maxWaitMs: 50);
        var only = Assert.Single(news.Responses.SelectMany(t => t.Partitions));
        Assert.Equal(1, only.PartitionIndex);
        Assert.Equal(1, only.HighWatermark);
        Assert.True(only.Records!.Value.Length > 0);
    }

    [Fact]
    public async Task Wrong_epoch_and_unknown_session_get_their_errors_and_epoch_minus_one_closes()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var full = await FetchAsync(connection, sessionId: 0, epoch: 0, (0, 0L));
        var wrong = await FetchAsync(connection, full.SessionId, epoch: 5);
        Assert.Equal((short)ErrorCode.InvalidFetchSessionEpoch, wrong.ErrorCode);
        var unknown = await FetchAsync(connection, full.SessionId + 1, epoch: 1);
        Assert.Equal((short)ErrorCode.FetchSessionIdNotFound, unknown.ErrorCode);

        var closed = await FetchAsync(connection, full.SessionId, epoch: -1, (0, 0L));
        Assert.Equal(0, closed.SessionId);
        var afterClose = await FetchAsync(connection, full.SessionId, epoch: 1);
        Assert.Equal((short)ErrorCode.FetchSessionIdNotFound, afterClose.ErrorCode);
    }

    [Fact]
    public async Task Fetch_from_the_middle_of_a_batch_returns_the_whole_batch()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var response = await FetchAsync(connection, sessionId: 0, epoch: -1, (0, 3L));
        var partition = response.Responses.Single().Partitions.Single();
        long baseOffset = BinaryPrimitives.ReadInt64BigEndian(partition.Records!.Value.Span);
        Assert.True(baseOffset <= 3, $"first batch starts at {baseOffset}");
        Assert.Equal(5, partition.HighWatermark);
    }

    [Fact]
    public async Task Long_poll_wakes_when_a_record_arrives()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var started = DateTime.UtcNow;
        var fetch = FetchAsync(connection, sessionId: 0, epoch: -1, maxWaitMs: 20000, minBytes: 1, partitions: [(1, 10_000L)]);
        await Task.Delay(300);
        await ProduceAsync(1, 1);
        // Fetching from the log end of a partition that then grows returns within the wait.
        var response = await fetch.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        Assert.NotNull(response);
    }

    [Fact]
    public async Task Offset_beyond_the_end_or_negative_is_OFFSET_OUT_OF_RANGE()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        foreach (long offset in new[] { -5L, 1_000_000L })
        {
            var response = await FetchAsync(connection, sessionId: 0, epoch: -1, (0, offset));
            var partition = response.Responses.Single().Partitions.Single();
            Assert.Equal((short)ErrorCode.OffsetOutOfRange, partition.ErrorCode);
            Assert.Equal(0, partition.Records!.Value.Length);
        }
    }

    private Task<FetchResponse> FetchAsync(RawKafkaConnection connection, int sessionId, int epoch, params (int Partition, long Offset)[] partitions) =>
        FetchAsync(connection, sessionId, epoch, maxWaitMs: 0, minBytes: 0, partitions);

    private Task<FetchResponse> FetchAsync(RawKafkaConnection connection, int sessionId, int epoch, int maxWaitMs) =>
        FetchAsync(connection, sessionId, epoch, maxWaitMs, minBytes: 1, []);

    private static async Task<FetchResponse> FetchAsync(RawKafkaConnection connection, int sessionId, int epoch, int maxWaitMs, int minBytes, (int Partition, long Offset)[] partitions)
    {
        const short version = 12;
        var request = new FetchRequest { MaxWaitMs = maxWaitMs, MinBytes = minBytes, SessionId = sessionId, SessionEpoch = epoch };
        if (partitions.Length > 0)
        {
            var topic = new FetchRequest.FetchTopic { Topic = Topic };
            foreach (var (partition, offset) in partitions)
            {
                topic.Partitions.Add(new FetchRequest.FetchPartition { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20 });
            }
            request.Topics.Add(topic);
        }
        await connection.SendRequestAsync(1, version, 9, request, flexibleHeader: true);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame.AsMemory(5));
        return FetchResponse.Read(ref reader, version);
    }

    private async Task ProduceAsync(int partition, int count)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 0 }).Build();
        for (int i = 0; i < count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(Topic, partition), new Message<Null, string> { Value = "v" + i });
        }
    }
}
