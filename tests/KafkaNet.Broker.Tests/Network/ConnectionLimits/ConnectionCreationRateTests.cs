using System.Diagnostics;
using KafkaNet.Broker.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>max.connection.creation.rate: connections beyond the rate are accepted late, not refused.</summary>
public sealed class ConnectionCreationRateTests
{
    [Fact]
    public void A_burst_up_to_the_rate_goes_through_then_each_connection_waits_its_share_of_a_second()
    {
        var rate = new ConnectionCreationRate(10);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(TimeSpan.Zero, rate.Take());
        }
        // Refilled only by the time the loop took: the next ones owe up to 100 ms each, in arrival order.
        var eleventh = rate.Take();
        var twelfth = rate.Take();
        Assert.InRange(eleventh.TotalMilliseconds, double.Epsilon, 100);
        Assert.InRange(twelfth.TotalMilliseconds, eleventh.TotalMilliseconds, 200);
    }

    [Fact]
    public void An_unlimited_rate_never_delays()
    {
        var rate = new ConnectionCreationRate(int.MaxValue);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(TimeSpan.Zero, rate.Take());
        }
    }

    [Fact]
    public async Task Connections_beyond_the_rate_are_served_late()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.MaxConnectionCreationRate = 5 });
        var connections = new List<RawKafkaConnection>();
        var elapsed = Stopwatch.StartNew();
        try
        {
            // 5 at once, then one every 200 ms: the tenth is served about a second later.
            for (int i = 1; i <= 10; i++)
            {
                var connection = await RawKafkaConnection.ConnectAsync(kafka.Port);
                connections.Add(connection);
                await connection.SendAsync(ApiVersionsFrame(i));
                Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(connection, i, 0)).ErrorCode);
            }
            Assert.InRange(elapsed.ElapsedMilliseconds, 800, 9000);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }
}
