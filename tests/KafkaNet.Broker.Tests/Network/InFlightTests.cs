using System.Diagnostics;
using KafkaNet.Broker.Network;
using KafkaNet.Embedded;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>Requests in flight on one connection, observed through a produce handler the test releases.</summary>
public sealed class InFlightTests : IAsyncLifetime
{
    private readonly GatedProduceHandler _gated = new();
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
    {
        Handlers = [.. KafkaBroker.DefaultHandlers().Where(h => h.ApiKey != _gated.ApiKey), _gated],
    });

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Handlers_finishing_out_of_order_still_answer_in_request_order()
    {
        const int count = ConnectionSession.MaxInFlight;
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. Enumerable.Range(0, count).SelectMany(i => ProduceFrame(100 + i, "gated", [], timeoutMs: i))]);
        await WaitUntilAsync(() => _gated.Started == count);
        for (int i = count - 1; i >= 0; i--)
        {
            _gated.Release(i);
        }
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i, (await ReceiveProduceAsync(connection, 100 + i)).BaseOffset);
        }
        Assert.Equal(count, _gated.MaxRunning);
    }

    [Fact]
    public async Task A_connection_starts_no_more_than_the_in_flight_limit()
    {
        const int count = 12;
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. Enumerable.Range(0, count).SelectMany(i => ProduceFrame(100 + i, "gated", [], timeoutMs: i))]);
        await WaitUntilAsync(() => _gated.Started == ConnectionSession.MaxInFlight);
        await Task.Delay(300);
        Assert.Equal(ConnectionSession.MaxInFlight, _gated.Started);

        // The oldest answered, one more starts.
        _gated.Release(0);
        Assert.Equal(0, (await ReceiveProduceAsync(connection, 100)).BaseOffset);
        await WaitUntilAsync(() => _gated.Started == ConnectionSession.MaxInFlight + 1);

        for (int i = 1; i < count; i++)
        {
            _gated.Release(i);
        }
        for (int i = 1; i < count; i++)
        {
            Assert.Equal(i, (await ReceiveProduceAsync(connection, 100 + i)).BaseOffset);
        }
        Assert.Equal(ConnectionSession.MaxInFlight, _gated.MaxRunning);
    }

    [Fact]
    public async Task A_request_other_than_produce_or_fetch_waits_for_those_before_it()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync([.. ProduceFrame(1, "gated", [], timeoutMs: 0), .. ApiVersionsFrame(2), .. ProduceFrame(3, "gated", [], timeoutMs: 1)]);
        await WaitUntilAsync(() => _gated.Started == 1);
        await Task.Delay(200);
        // ApiVersions is held back behind the produce, and the produce behind ApiVersions.
        Assert.Equal(1, _gated.Started);
        _gated.Release(0);
        _gated.Release(1);
        Assert.Equal(0, (await ReceiveProduceAsync(connection, 1)).BaseOffset);
        Assert.Equal(0, (await ReceiveAsync<KafkaNet.Protocol.Messages.ApiVersionsResponse>(connection, 2, 0)).ErrorCode);
        Assert.Equal(1, (await ReceiveProduceAsync(connection, 3)).BaseOffset);
        Assert.Equal(1, _gated.MaxRunning);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting");
            await Task.Delay(10);
        }
    }
}
