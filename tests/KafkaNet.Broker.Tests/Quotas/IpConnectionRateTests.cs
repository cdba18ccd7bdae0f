using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>connection_creation_rate for an ip (KIP-612): a connection over the rate is held, then closed unanswered.</summary>
public sealed class IpConnectionRateTests
{
    [Fact]
    public async Task A_connection_over_the_ips_creation_rate_is_closed_after_the_throttle_time()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        Assert.Equal(0, (await SetAsync(kafka.Port, [("ip", "127.0.0.1")], ("connection_creation_rate", 2))).ErrorCode);

        // 2/s over the 1 s a new rate is measured against allows 2 connections once the quota is set.
        for (int i = 1; i <= 2; i++)
        {
            using var served = await RawKafkaConnection.ConnectAsync(kafka.Port);
            await served.SendAsync(ApiVersionsFrame(i));
            Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(served, i, 0)).ErrorCode);
        }
        using var throttled = await RawKafkaConnection.ConnectAsync(kafka.Port);
        var clock = Stopwatch.StartNew();
        await throttled.SendAsync(ApiVersionsFrame(3));

        Assert.True(await throttled.IsClosedByBrokerAsync());
        Assert.InRange(clock.ElapsedMilliseconds, 250, 5000); // (3 - 2) / 2 × 1 s = 500 ms
    }
}
