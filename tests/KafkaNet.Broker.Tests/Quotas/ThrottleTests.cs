using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// A throttled produce or fetch: throttle_time_ms in its response, and the connection reads nothing more until that
/// time has passed (KIP-219). Raw frames carry client id "raw-test", which the quotas here name.
/// </summary>
public sealed class ThrottleTests : IAsyncLifetime
{
    private const string Topic = "throttled";
    private const int RecordBytes = 10_500;

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        await _kafka.CreateTopicAsync(new TopicSpec(Topic, 1, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Without_a_quota_nothing_is_throttled()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync(ProduceFrame(1, Topic, Batch(RecordBytes)));

        var response = await ReceiveAsync<ProduceResponse>(connection, 1, ProduceVersion);

        Assert.Equal(0, response.ThrottleTimeMs);
    }

    [Fact]
    public async Task A_produce_over_the_producer_byte_rate_is_throttled_and_its_connection_muted_for_that_time()
    {
        // 5,000 bytes/s over the 1 s a new rate is measured against allows 5,000 bytes; the request is ~10,600: ~1.1 s.
        Assert.Equal(0, (await SetAsync(_kafka.Port, [("client-id", "raw-test")], ("producer_byte_rate", 5000))).ErrorCode);
        try
        {
            using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
            await connection.SendAsync(ProduceFrame(1, Topic, Batch(RecordBytes)));
            var produced = await ReceiveAsync<ProduceResponse>(connection, 1, ProduceVersion);
            var clock = Stopwatch.StartNew();
            await connection.SendAsync(ApiVersionsFrame(2));
            await ReceiveAsync<ApiVersionsResponse>(connection, 2, 0);

            Assert.Equal(0, produced.Responses[0].PartitionResponses[0].ErrorCode);
            Assert.InRange(produced.ThrottleTimeMs, 100, 3000);
            // The mute began as the response left; the clock when it was read, a moment later on a busy machine.
            Assert.True(clock.ElapsedMilliseconds >= produced.ThrottleTimeMs - 250,
                $"the next request was answered after {clock.ElapsedMilliseconds} ms of a {produced.ThrottleTimeMs} ms mute");
        }
        finally
        {
            await AlterAsync(_kafka.Port, [("client-id", "raw-test")], [("producer_byte_rate", 0, true)]);
        }
    }

    [Fact]
    public async Task A_fetch_over_the_consumer_byte_rate_is_throttled()
    {
        using (var producer = await RawKafkaConnection.ConnectAsync(_kafka.Port))
        {
            await producer.SendAsync(ProduceFrame(1, Topic, Batch(RecordBytes)));
            await ReceiveAsync<ProduceResponse>(producer, 1, ProduceVersion);
        }
        Assert.Equal(0, (await SetAsync(_kafka.Port, [("user", null), ("client-id", "raw-test")], ("consumer_byte_rate", 1000))).ErrorCode);
        try
        {
            using var consumer = await RawKafkaConnection.ConnectAsync(_kafka.Port);
            await consumer.SendAsync(FetchFrame(1, Topic, 0));
            var fetched = await ReceiveAsync<FetchResponse>(consumer, 1, FetchVersion);

            Assert.True(Assert.Single(Assert.Single(fetched.Responses).Partitions).Records!.Value.Length >= RecordBytes);
            Assert.InRange(fetched.ThrottleTimeMs, 1, 10_000);
        }
        finally
        {
            await AlterAsync(_kafka.Port, [("user", null), ("client-id", "raw-test")], [("consumer_byte_rate", 0, true)]);
        }
    }
}
