using System.Diagnostics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>connections.max.idle.ms: the broker closes connections with nothing received and nothing in flight.</summary>
public sealed class IdleConnectionTests
{

    [Fact]
    public async Task An_idle_connection_is_closed_by_the_broker_after_the_idle_time()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ConnectionsMaxIdleMs = 500 });
        using var idle = await RawKafkaConnection.ConnectAsync(kafka.Port);
        var waited = Stopwatch.StartNew();

        Assert.True(await idle.IsClosedByBrokerAsync());

        Assert.InRange(waited.ElapsedMilliseconds, 400, 5000);
        await Bounded.UntilAsync(() => kafka.Broker.ConnectionQuotas.Total == 0, "the idle connection's release");
    }

    [Fact]
    public async Task A_connection_sending_a_request_every_200_ms_stays_open_then_closes_once_quiet()
    {
        // An idle time well above the interval, so a stalled test machine does not make the client look idle.
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ConnectionsMaxIdleMs = 2000 });
        using var active = await RawKafkaConnection.ConnectAsync(kafka.Port);

        // Three idle periods' worth of requests.
        for (int i = 1; i <= 30; i++)
        {
            await active.SendAsync(ApiVersionsFrame(i));
            Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(active, i, 0)).ErrorCode);
            await Task.Delay(200);
        }

        Assert.True(await active.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task A_negative_idle_time_never_closes_connections()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ConnectionsMaxIdleMs = -1 });
        using var idle = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await Task.Delay(700);

        await idle.SendAsync(ApiVersionsFrame(1));
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(idle, 1, 0)).ErrorCode);
    }
}
