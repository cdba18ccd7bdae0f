using System.Buffers.Binary;
using System.Diagnostics;
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
    public async Task Long_poll_at_the_log_end_wakes_when_a_record_arrives()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var started = Stopwatch.StartNew();
        var fetch = FetchAsync(connection, sessionId: 0, epoch: -1, maxWaitMs: 20000, minBytes: 1, partitions: [(1, 0L)]);
        await Task.Delay(300);
        Assert.False(fetch.IsCompleted, "the fetch answered before anything was appended");
        await ProduceAsync(1, 1);
        var response = await fetch.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15));
        var partition = response.Responses.Single().Partitions.Single();
        Assert.Equal(0, partition.ErrorCode);
        Assert.True(partition.Records!.Value.Length > 0);
    }

    [Fact]
    public async Task Long_poll_with_nothing_appended_answers_empty_at_max_wait()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var started = Stopwatch.StartNew();
        var response = await FetchAsync(connection, sessionId: 0, epoch: -1, maxWaitMs: 400, minBytes: 1, partitions: [(0, 5L), (1, 0L)]).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(10));
        Assert.All(response.Responses.Single().Partitions, p => Assert.Equal(0, p.Records!.Value.Length));
    }

    [Fact]
    public async Task Appends_below_min_bytes_keep_the_fetch_waiting_until_max_wait_and_are_then_returned()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        var started = Stopwatch.StartNew();
        var fetch = FetchAsync(connection, sessionId: 0, epoch: -1, maxWaitMs: 1000, minBytes: 1 << 20, partitions: [(1, 0L)]);
        await ProduceAsync(1, 2);
        var response = await fetch.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(10));
        Assert.True(response.Responses.Single().Partitions.Single().Records!.Value.Length > 0);
    }

    [Fact]
    public async Task One_append_wakes_every_fetch_waiting_on_the_partition()
    {
        var connections = new List<RawKafkaConnection>();
        try
        {
            var fetches = new List<Task<FetchResponse>>();
            for (int i = 0; i < 5; i++)
            {
                var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
                connections.Add(connection);
                fetches.Add(FetchAsync(connection, sessionId: 0, epoch: -1, maxWaitMs: 30000, minBytes: 1, partitions: [(0, 5L)]));
            }
            await Task.Delay(300);
            var started = Stopwatch.StartNew();
            await ProduceAsync(0, 1);
            var responses = await Task.WhenAll(fetches).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20));
            Assert.All(responses, r => Assert.True(r.Responses.Single().Partitions.Single().Records!.Value.Length > 0));
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
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
